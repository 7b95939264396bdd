/// Turns a decoded image into the model's input: resize the shorter side (antialiased bilinear,
/// as Pillow does), centre-crop, normalise `(pixel - mean) / std`, planar RGB (CHW) float32.
///
/// Only the cropped region of the resized image is computed.
public struct Preprocessor: Sendable {
    public var input: ModelMetadata.Input

    public init(input: ModelMetadata.Input) {
        self.input = input
    }

    /// Number of floats one image occupies in the input tensor.
    public var tensorCount: Int { 3 * input.width * input.height }

    /// The resized size: the shorter side becomes `resizeShorterSide`, the longer keeps the
    /// aspect ratio, rounded half to even (as the reference pipeline rounds; truncating moved one
    /// shared photo's snake probability by 0.19).
    public func resizedSize(width: Int, height: Int) -> (width: Int, height: Int) {
        let target = input.resizeShorterSide
        let scaled = { (long: Int, short: Int) in
            Int((Double(target * long) / Double(short)).rounded(.toNearestOrEven))
        }
        return width <= height ? (target, scaled(height, width)) : (scaled(width, height), target)
    }

    /// The top-left corner of the centre crop in the resized image: `(size − crop) / 2` rounded
    /// down, as the reference pipeline crops (rounding half to even put 11 of 633 test photos
    /// one pixel off, moving a top-5 probability by up to 0.089).
    public func cropOrigin(resized: (width: Int, height: Int)) -> (x: Int, y: Int) {
        let floorHalf = { (value: Int) in value >= 0 ? value / 2 : -((1 - value) / 2) }
        return (floorHalf(resized.width - input.width), floorHalf(resized.height - input.height))
    }

    /// Preprocesses `image` into `output`, which must hold `tensorCount` floats.
    public func write(_ image: RGBImage, into output: UnsafeMutableBufferPointer<Float>) {
        precondition(output.count >= tensorCount && image.width > 0 && image.height > 0)
        let resized = resizedSize(width: image.width, height: image.height)
        let cropWidth = input.width
        let cropHeight = input.height
        let (left, top) = cropOrigin(resized: resized)
        let horizontal = ResampleKernel(
            inputSize: image.width, outputSize: resized.width, outputRange: left..<(left + cropWidth))
        let vertical = ResampleKernel(
            inputSize: image.height, outputSize: resized.height, outputRange: top..<(top + cropHeight))

        // The rows of the source that the vertical pass reads.
        let firstRow = vertical.starts.first ?? 0
        let lastRow = zip(vertical.starts, vertical.counts).map { $0 + $1 }.max() ?? firstRow
        let rowCount = lastRow - firstRow

        // Horizontal pass into 8-bit rows, as Pillow keeps the intermediate image 8-bit.
        var intermediate = [UInt8](repeating: 0, count: rowCount * cropWidth * 3)
        image.pixels.withUnsafeBufferPointer { source in
            intermediate.withUnsafeMutableBufferPointer { rows in
                resampleRows(
                    source, width: image.width, rows: firstRow..<lastRow, kernel: horizontal,
                    into: rows, outputWidth: cropWidth)
            }
        }
        // Vertical pass, then normalise into planes.
        let plane = cropWidth * cropHeight
        let scale = input.std.map { 1 / $0 }
        let mean = input.mean
        intermediate.withUnsafeBufferPointer { rows in
            for y in 0..<cropHeight {
                let start = vertical.starts[y] - firstRow
                let count = vertical.counts[y]
                let weightBase = y * vertical.maxTaps
                for x in 0..<cropWidth {
                    var red: Int32 = 1 << Int32(ResampleKernel.precisionBits - 1)
                    var green = red
                    var blue = red
                    for tap in 0..<count {
                        let weight = vertical.weights[weightBase + tap]
                        let offset = ((start + tap) * cropWidth + x) * 3
                        red &+= Int32(rows[offset]) &* weight
                        green &+= Int32(rows[offset + 1]) &* weight
                        blue &+= Int32(rows[offset + 2]) &* weight
                    }
                    let index = y * cropWidth + x
                    output[index] = (Float(ResampleKernel.clip(red)) - mean[0]) * scale[0]
                    output[plane + index] = (Float(ResampleKernel.clip(green)) - mean[1]) * scale[1]
                    output[2 * plane + index] = (Float(ResampleKernel.clip(blue)) - mean[2]) * scale[2]
                }
            }
        }
    }

    /// Preprocesses `image` into a new array of `tensorCount` floats.
    public func tensor(for image: RGBImage) -> [Float] {
        [Float](unsafeUninitializedCapacity: tensorCount) { buffer, count in
            write(image, into: buffer)
            count = tensorCount
        }
    }

    private func resampleRows(
        _ source: UnsafeBufferPointer<UInt8>, width: Int, rows: Range<Int>, kernel: ResampleKernel,
        into output: UnsafeMutableBufferPointer<UInt8>, outputWidth: Int
    ) {
        for (row, y) in rows.enumerated() {
            let sourceRow = y * width * 3
            let outputRow = row * outputWidth * 3
            for x in 0..<outputWidth {
                var red: Int32 = 1 << Int32(ResampleKernel.precisionBits - 1)
                var green = red
                var blue = red
                let start = kernel.starts[x]
                let weightBase = x * kernel.maxTaps
                for tap in 0..<kernel.counts[x] {
                    let weight = kernel.weights[weightBase + tap]
                    let offset = sourceRow + (start + tap) * 3
                    red &+= Int32(source[offset]) &* weight
                    green &+= Int32(source[offset + 1]) &* weight
                    blue &+= Int32(source[offset + 2]) &* weight
                }
                output[outputRow + x * 3] = ResampleKernel.clip(red)
                output[outputRow + x * 3 + 1] = ResampleKernel.clip(green)
                output[outputRow + x * 3 + 2] = ResampleKernel.clip(blue)
            }
        }
    }
}
