import CImageCodecs
import Glibc

/// Images made in the test with the shim's encoders.
enum TestImages {
    struct EncodeError: Error, CustomStringConvertible { var description: String }

    static func png(
        pixels: [UInt8], width: Int, height: Int, channels: Int, bitDepth: Int = 8, interlaced: Bool = false
    )
        throws -> [UInt8]
    {
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var error = [CChar](repeating: 0, count: 256)
        let status = snk_encode_png(
            pixels, Int32(width), Int32(height), Int32(channels), Int32(bitDepth), interlaced ? 1 : 0, &output, &size,
            &error, error.count)
        guard status == 0, let output else { throw EncodeError(description: String(cString: error)) }
        defer { free(output) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }

    static func jpeg(pixels: [UInt8], width: Int, height: Int, quality: Int = 90) throws -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var error = [CChar](repeating: 0, count: 256)
        let status = snk_encode_jpeg(
            pixels, Int32(width), Int32(height), Int32(quality), &output, &size, &error, error.count)
        guard status == 0, let output else { throw EncodeError(description: String(cString: error)) }
        defer { free(output) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }
}
