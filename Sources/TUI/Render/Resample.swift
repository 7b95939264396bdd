import Inference

/// Area-average resampling of RGB images: each output pixel is the mean of the source pixels
/// it covers (a box filter), or the nearest source pixel when enlarging.
enum Resample {
    /// `image` resized to `width` x `height`.
    static func box(_ image: RGBImage, width: Int, height: Int) -> RGBImage {
        let width = max(width, 1)
        let height = max(height, 1)
        guard image.width > 0, image.height > 0 else {
            return RGBImage(width: width, height: height, pixels: [UInt8](repeating: 0, count: width * height * 3))
        }
        if width == image.width && height == image.height { return image }
        var output = [UInt8](repeating: 0, count: width * height * 3)
        let (sourceWidth, sourceHeight) = (image.width, image.height)
        // Column spans are the same for every row: compute them once.
        let columns = (0..<width).map { span($0, of: width, over: sourceWidth) }
        image.pixels.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                for y in 0..<height {
                    let (y0, y1) = span(y, of: height, over: sourceHeight)
                    for x in 0..<width {
                        let (x0, x1) = columns[x]
                        var (r, g, b) = (0, 0, 0)
                        for sy in y0..<y1 {
                            var offset = (sy * sourceWidth + x0) * 3
                            for _ in x0..<x1 {
                                r += Int(source[offset])
                                g += Int(source[offset + 1])
                                b += Int(source[offset + 2])
                                offset += 3
                            }
                        }
                        let count = (y1 - y0) * (x1 - x0)
                        let out = (y * width + x) * 3
                        target[out] = UInt8((r + count / 2) / count)
                        target[out + 1] = UInt8((g + count / 2) / count)
                        target[out + 2] = UInt8((b + count / 2) / count)
                    }
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: output)
    }

    /// The source range `[start, end)` output index `index` of `count` covers in `sourceCount`;
    /// never empty.
    static func span(_ index: Int, of count: Int, over sourceCount: Int) -> (Int, Int) {
        let start = index * sourceCount / count
        let end = max((index + 1) * sourceCount / count, start + 1)
        return (min(start, sourceCount - 1), min(end, sourceCount))
    }

    /// The largest size of `width` x `height` scaled to fit in `maxWidth` x `maxHeight`, aspect
    /// kept, at least 1 x 1; `allowEnlarging` lets it grow past the original size.
    static func fit(width: Int, height: Int, maxWidth: Int, maxHeight: Int, allowEnlarging: Bool) -> (Int, Int) {
        guard width > 0, height > 0, maxWidth > 0, maxHeight > 0 else { return (0, 0) }
        var scale = min(Double(maxWidth) / Double(width), Double(maxHeight) / Double(height))
        if !allowEnlarging { scale = min(scale, 1) }
        let fitted = (
            min(max(Int((Double(width) * scale).rounded()), 1), maxWidth),
            min(max(Int((Double(height) * scale).rounded()), 1), maxHeight)
        )
        return fitted
    }
}
