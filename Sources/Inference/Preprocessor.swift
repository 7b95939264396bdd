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
        image.pixels.withUnsafeBufferPointer { pixels in
            write(pixels: pixels, width: image.width, height: image.height, into: output)
        }
    }

    /// Preprocesses interleaved RGB `pixels` (`width * height * 3` bytes, no row padding) into
    /// `output`, which must hold `tensorCount` floats: an engine's input tensor or a batch slot.
    public func write(
        pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, into output: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(
            output.count >= tensorCount && width > 0 && height > 0 && pixels.count >= width * height * 3)
        let resized = resizedSize(width: width, height: height)
        let cropWidth = input.width
        let cropHeight = input.height
        let (left, top) = cropOrigin(resized: resized)
        let horizontal = ResampleKernel(
            inputSize: width, outputSize: resized.width, outputRange: left..<(left + cropWidth))
        let vertical = ResampleKernel(
            inputSize: height, outputSize: resized.height, outputRange: top..<(top + cropHeight))

        // The rows of the source that the vertical pass reads.
        let firstRow = vertical.starts.first ?? 0
        let lastRow = zip(vertical.starts, vertical.counts).map { $0 + $1 }.max() ?? firstRow
        let rowCount = lastRow - firstRow
        // Horizontal pass into planes of 8-bit rows (Pillow keeps the intermediate image 8-bit),
        // then the vertical pass of each plane, normalised straight into that plane of `output`.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(3 * rowCount * cropWidth, 1)) { rows in
            horizontal.resampleRows(
                pixels, width: width, rows: firstRow..<lastRow, into: rows.baseAddress!, outputWidth: cropWidth)
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: cropWidth) { sums in
                let sums = sums.baseAddress!
                for channel in 0..<3 {
                    let plane = UnsafePointer(rows.baseAddress! + channel * rowCount * cropWidth)
                    let mean = input.mean[channel]
                    let scale = 1 / input.std[channel]
                    var target = output.baseAddress! + channel * cropWidth * cropHeight
                    for y in 0..<cropHeight {
                        vertical.accumulate(output: y, rows: plane, firstRow: firstRow, rowBytes: cropWidth, into: sums)
                        // (value - mean) * (1 / std), the arithmetic of the reference's tensor.
                        for x in 0..<cropWidth {
                            target[x] = (Float(ResampleKernel.clip(sums[x])) - mean) * scale
                        }
                        target += cropWidth
                    }
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
}
