import CImageCodecs
import FoundationEssentials
import Glibc

/// Draws an occlusion map over its photo: inside the region the model saw, a red tint whose
/// strength follows the probability drop (interpolated between cell centres); outside it, the
/// photo darkened, since the model never saw it.
public enum ExplanationOverlay {
    /// The photo with the map blended over it, at the decoded image's size.
    public static func render(_ result: ExplanationResult) -> RGBImage {
        let image = result.image
        let crop = result.cropInImage
        let grid = result.explanation.grid
        let hottest = grid.values.flatMap { $0 }.max() ?? 0
        var pixels = image.pixels
        for y in 0..<image.height {
            for x in 0..<image.width {
                let offset = (y * image.width + x) * 3
                let inside = x >= crop.x && x < crop.x + crop.width && y >= crop.y && y < crop.y + crop.height
                guard inside else {
                    for channel in 0..<3 { pixels[offset + channel] /= 2 }
                    continue
                }
                guard hottest > 0 else { continue }
                let u = (Double(x - crop.x) + 0.5) / Double(crop.width) * Double(grid.columns) - 0.5
                let v = (Double(y - crop.y) + 0.5) / Double(crop.height) * Double(grid.rows) - 0.5
                let heat = min(max(interpolate(grid, row: v, column: u) / hottest, 0), 1)
                let alpha = 0.65 * heat
                let tint: [Double] = [255, 40, 0]
                for channel in 0..<3 {
                    let value = Double(pixels[offset + channel]) * (1 - alpha) + tint[channel] * alpha
                    pixels[offset + channel] = UInt8(min(max(value.rounded(), 0), 255))
                }
            }
        }
        return RGBImage(width: image.width, height: image.height, pixels: pixels)
    }

    /// The overlay as a PNG file.
    public static func png(_ result: ExplanationResult) throws(InferenceError) -> [UInt8] {
        try encode(render(result), source: result.explanation.source, format: "PNG") {
            image, output, size, error, capacity in
            snk_encode_png(
                image.pixels, Int32(image.width), Int32(image.height), 3, 8, 0, output, size, error, capacity)
        }
    }

    /// An image as a JPEG file (for pages that embed the photo).
    public static func jpeg(_ image: RGBImage, source: String, quality: Int = 85) throws(InferenceError) -> [UInt8] {
        try encode(image, source: source, format: "JPEG") { image, output, size, error, capacity in
            snk_encode_jpeg(
                image.pixels, Int32(image.width), Int32(image.height), Int32(quality), output, size, error, capacity)
        }
    }

    private static func encode(
        _ image: RGBImage, source: String, format: String,
        _ call: (
            RGBImage, UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, UnsafeMutablePointer<Int>,
            UnsafeMutablePointer<CChar>, Int
        ) -> Int32
    ) throws(InferenceError) -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = message.withUnsafeMutableBufferPointer { call(image, &output, &size, $0.baseAddress!, $0.count) }
        guard status == 0, let output else {
            let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw InferenceError(.model, source: source, reason: "cannot encode the \(format) overlay: \(reason)")
        }
        defer { free(output) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }

    /// Bilinear interpolation between cell centres, clamped at the edges.
    static func interpolate(_ grid: Explanation.Grid, row: Double, column: Double) -> Double {
        let r = min(max(row, 0), Double(grid.rows - 1))
        let c = min(max(column, 0), Double(grid.columns - 1))
        let r0 = Int(r.rounded(.down))
        let c0 = Int(c.rounded(.down))
        let r1 = min(r0 + 1, grid.rows - 1)
        let c1 = min(c0 + 1, grid.columns - 1)
        let fr = r - Double(r0)
        let fc = c - Double(c0)
        let top = grid.values[r0][c0] * (1 - fc) + grid.values[r0][c1] * fc
        let bottom = grid.values[r1][c0] * (1 - fc) + grid.values[r1][c1] * fc
        return top * (1 - fr) + bottom * fr
    }
}
