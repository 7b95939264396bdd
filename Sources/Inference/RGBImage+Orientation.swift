extension RGBImage {
    /// The image as it should be displayed given an EXIF orientation tag, as Pillow's
    /// `ImageOps.exif_transpose` does.
    ///
    /// - Parameter exifOrientation: 1 (upright), 2 (mirrored), 3 (rotated 180°), 4 (flipped
    ///   vertically), 5 (transposed), 6 (needs 90° clockwise), 7 (transversed) or
    ///   8 (needs 90° counter-clockwise). Other values leave the image unchanged.
    /// - Returns: The transformed image; orientations 5 to 8 swap width and height.
    public func oriented(_ exifOrientation: Int) -> RGBImage {
        guard (2...8).contains(exifOrientation), width > 0, height > 0 else { return self }
        return pixels.withUnsafeBufferPointer { pixels in
            Self.oriented(pixels, width: width, height: height, exifOrientation: exifOrientation)
        }
    }

    /// A new image of `pixels` (`width * height * 3` bytes laid out as ``RGBImage`` describes)
    /// as ``oriented(_:)`` transforms them: a plain copy for orientation 1.
    static func oriented(_ pixels: UnsafeBufferPointer<UInt8>, width w: Int, height h: Int, exifOrientation: Int)
        -> RGBImage
    {
        precondition(pixels.count == w * h * 3)
        guard (2...8).contains(exifOrientation), w > 0, h > 0 else {
            return RGBImage(width: w, height: h, pixels: Array(pixels))
        }
        let swapsAxes = exifOrientation >= 5
        let outWidth = swapsAxes ? h : w
        let outHeight = swapsAxes ? w : h
        // The source pixel of output (x, y) is start + x * stepX + y * stepY (in pixels).
        let (start, stepX, stepY): (Int, Int, Int) =
            switch exifOrientation {
            case 2: (w - 1, -1, w)  // mirror: (w-1-x, y)
            case 3: (h * w - 1, -1, -w)  // rotate 180°: (w-1-x, h-1-y)
            case 4: ((h - 1) * w, 1, -w)  // flip: (x, h-1-y)
            case 5: (0, w, 1)  // transpose: (y, x)
            case 6: ((h - 1) * w, -w, 1)  // rotate 90° clockwise: (y, h-1-x)
            case 7: (h * w - 1, -w, -1)  // transverse: (w-1-y, h-1-x)
            default: (w - 1, w, -1)  // 8, rotate 90° counter-clockwise: (w-1-y, x)
            }
        // Tiles keep the strided reads of a rotation within cache.
        let tile = 64
        let input = pixels.baseAddress!
        let out = [UInt8](unsafeUninitializedCapacity: pixels.count) { output, count in
            let output = output.baseAddress!
            for tileY in stride(from: 0, to: outHeight, by: tile) {
                for tileX in stride(from: 0, to: outWidth, by: tile) {
                    for y in tileY..<min(tileY + tile, outHeight) {
                        var s = (start + y * stepY + tileX * stepX) * 3
                        var o = (y * outWidth + tileX) * 3
                        for _ in tileX..<min(tileX + tile, outWidth) {
                            output[o] = input[s]
                            output[o + 1] = input[s + 1]
                            output[o + 2] = input[s + 2]
                            o += 3
                            s += stepX * 3
                        }
                    }
                }
            }
            count = pixels.count
        }
        return RGBImage(width: outWidth, height: outHeight, pixels: out)
    }
}
