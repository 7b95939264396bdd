/// Fixed-point bilinear resampling weights computed the way Pillow does (`precompute_coeffs`
/// and `normalize_coeffs_8bpc` in Resample.c): when shrinking, the filter widens by the scale
/// factor, which antialiases. Matching Pillow keeps predictions equal to the PyTorch reference.
struct ResampleKernel {
    /// Pillow's fixed-point precision for 8-bit images.
    static let precisionBits = 32 - 8 - 2

    /// First input index of each output sample's window.
    var starts: [Int]
    /// Number of taps of each output sample's window.
    var counts: [Int]
    /// `maxTaps` fixed-point weights per output sample.
    var weights: [Int32]
    var maxTaps: Int

    /// Weights for resizing `inputSize` samples to `outputSize`, for outputs in `outputRange` only.
    init(inputSize: Int, outputSize: Int, outputRange: Range<Int>) {
        let scale = Double(inputSize) / Double(outputSize)
        let filterScale = max(scale, 1.0)
        let support = 1.0 * filterScale  // bilinear support is 1
        maxTaps = Int(support.rounded(.up)) * 2 + 1
        starts = []
        counts = []
        weights = []
        starts.reserveCapacity(outputRange.count)
        counts.reserveCapacity(outputRange.count)
        weights.reserveCapacity(outputRange.count * maxTaps)
        var taps = [Double](repeating: 0, count: maxTaps)
        for output in outputRange {
            let center = (Double(output) + 0.5) * scale
            // C's (int) cast truncates toward zero; Pillow relies on it.
            let low = max(Int((center - support + 0.5).rounded(.towardZero)), 0)
            let high = min(Int((center + support + 0.5).rounded(.towardZero)), inputSize)
            let count = max(high - low, 0)
            var total = 0.0
            for tap in 0..<count {
                let distance = abs((Double(tap + low) - center + 0.5) / filterScale)
                let weight = distance < 1 ? 1 - distance : 0
                taps[tap] = weight
                total += weight
            }
            for tap in 0..<maxTaps {
                let weight = tap < count && total != 0 ? taps[tap] / total : 0
                let fixed = weight * Double(1 << Self.precisionBits)
                weights.append(
                    Int32(fixed < 0 ? (fixed - 0.5).rounded(.towardZero) : (fixed + 0.5).rounded(.towardZero)))
            }
            starts.append(low)
            counts.append(count)
        }
    }

    /// Clamps a fixed-point accumulator to a byte, as Pillow's `clip8` does.
    @inline(__always)
    static func clip(_ accumulator: Int32) -> UInt8 {
        let value = accumulator >> Int32(precisionBits)
        return value < 0 ? 0 : value > 255 ? 255 : UInt8(value)
    }

    /// The horizontal pass: resamples `rows` of interleaved RGB `source` (`width` pixels a row)
    /// to `outputWidth` pixels each (this kernel's outputs), into three planes of 8-bit rows at
    /// `output`: red, then green, then blue, each `rows.count` rows of `outputWidth` bytes (so
    /// that the vertical pass and the normalisation run along contiguous rows, and vectorise).
    func resampleRows(
        _ source: UnsafeBufferPointer<UInt8>, width: Int, rows: Range<Int>, into output: UnsafeMutablePointer<UInt8>,
        outputWidth: Int
    ) {
        precondition(starts.count >= outputWidth && rows.upperBound * width * 3 <= source.count)
        let source = source.baseAddress!
        let maxTaps = maxTaps
        let plane = rows.count * outputWidth
        starts.withUnsafeBufferPointer { starts in
            counts.withUnsafeBufferPointer { counts in
                weights.withUnsafeBufferPointer { weights in
                    var red = output
                    for y in rows {
                        let row = source + y * width * 3
                        for x in 0..<outputWidth {
                            var redSum: Int32 = 1 << Int32(Self.precisionBits - 1)
                            var greenSum = redSum
                            var blueSum = redSum
                            var pixel = row + starts[x] * 3
                            var weight = weights.baseAddress! + x * maxTaps
                            for _ in 0..<counts[x] {
                                redSum &+= Int32(pixel[0]) &* weight.pointee
                                greenSum &+= Int32(pixel[1]) &* weight.pointee
                                blueSum &+= Int32(pixel[2]) &* weight.pointee
                                pixel += 3
                                weight += 1
                            }
                            red[x] = Self.clip(redSum)
                            red[plane + x] = Self.clip(greenSum)
                            red[2 * plane + x] = Self.clip(blueSum)
                        }
                        red += outputWidth
                    }
                }
            }
        }
    }

    /// The vertical pass for output row `output`: the fixed-point sums of its taps over `rows`
    /// (8-bit rows of `rowBytes` bytes, the first being source row `firstRow`), one per byte
    /// of a row, into `sums`. The inner loop runs along a row, so it vectorises.
    func accumulate(
        output: Int, rows: UnsafePointer<UInt8>, firstRow: Int, rowBytes: Int, into sums: UnsafeMutablePointer<Int32>
    ) {
        sums.initialize(repeating: 1 << Int32(Self.precisionBits - 1), count: rowBytes)
        let first = rows + (starts[output] - firstRow) * rowBytes
        for tap in 0..<counts[output] {
            let weight = weights[output * maxTaps + tap]
            let row = first + tap * rowBytes
            for index in 0..<rowBytes {
                sums[index] &+= Int32(row[index]) &* weight
            }
        }
    }
}
