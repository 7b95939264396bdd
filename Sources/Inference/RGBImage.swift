/// 8-bit interleaved RGB pixels, rows top to bottom.
///
/// Pixel `(x, y)` starts at `pixels[(y * width + x) * 3]`; there is no row padding.
public struct RGBImage: Sendable, Equatable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// `width * height * 3` bytes: red, green, blue for each pixel, row by row.
    public var pixels: [UInt8]

    /// Creates an image from pixels laid out as described on ``RGBImage``.
    ///
    /// - Precondition: `pixels.count == width * height * 3`.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(
            width >= 0 && height >= 0 && pixels.count == width * height * 3,
            "\(pixels.count) bytes for a \(width)x\(height) RGB image")
        self.width = width
        self.height = height
        self.pixels = pixels
    }
}
