import CImageCodecs

/// Decodes JPEG and PNG bytes into upright ``RGBImage``s, through libjpeg-turbo and libpng.
///
/// The format is found from the bytes (``ImageFormat/sniff(_:)``), never from a file name.
/// The decoder is a value with no shared state: use it from any number of threads at once.
///
/// ```swift
/// let decoder = ImageDecoder(maxPixels: 50_000_000)
/// let image = try decoder.decode(bytes, source: "cobra.jpg", minShorterSide: 256)
/// ```
public struct ImageDecoder: Sendable {
    /// The largest declared `width * height` decoded; larger images are rejected before any
    /// pixel memory is allocated.
    public var maxPixels: UInt64

    /// Creates a decoder that rejects images declaring more than `maxPixels` pixels.
    public init(maxPixels: UInt64 = 100_000_000) {
        self.maxPixels = maxPixels
    }

    /// Decodes an image and applies its EXIF orientation (all eight values).
    ///
    /// - Parameters:
    ///   - bytes: The whole encoded file.
    ///   - source: The file path or URL the bytes came from; it goes into errors.
    ///   - minShorterSide: Decode at the strongest power-of-two reduction (1/8, 1/4 or 1/2)
    ///     whose shorter side is still at least this many pixels: much faster, and much less
    ///     memory, for large photos that are downsized anyway (JPEG through DCT scaling, a
    ///     non-interlaced PNG by block averaging as rows stream in). 0 decodes at full size.
    /// - Returns: The pixels, upright.
    /// - Throws: ``InferenceError`` of kind `corruptImage` (empty, truncated or malformed
    ///   data), `unsupportedFormat` (not JPEG or PNG) or `imageTooLarge` (over ``maxPixels``).
    public func decode(_ bytes: [UInt8], source: String, minShorterSide: Int = 0) throws(InferenceError)
        -> RGBImage
    {
        try decodeWithSourceSize(bytes, source: source, minShorterSide: minShorterSide).image
    }

    /// ``decode(_:source:minShorterSide:)``, also telling the size the file declares (upright):
    /// the decoded image may be smaller after a reduced decode.
    public func decodeWithSourceSize(_ bytes: [UInt8], source: String, minShorterSide: Int = 0)
        throws(InferenceError) -> (image: RGBImage, sourceWidth: Int, sourceHeight: Int)
    {
        guard !bytes.isEmpty else {
            throw InferenceError(.corruptImage, source: source, reason: "empty file")
        }
        guard let format = ImageFormat.sniff(bytes) else {
            throw InferenceError(.unsupportedFormat, source: source, reason: "not an image (unrecognised data)")
        }
        guard format.isDecodable else {
            throw InferenceError(
                .unsupportedFormat, source: source, reason: "unsupported image format: \(format.displayName)")
        }

        let options = snk_decode_options(
            max_pixels: maxPixels, min_shorter_side: Int32(clamping: max(0, minShorterSide)))
        var image = snk_image()
        defer { snk_image_free(&image) }
        var message = [CChar](repeating: 0, count: 512)
        let status = bytes.withUnsafeBufferPointer { data in
            message.withUnsafeMutableBufferPointer { error in
                let decode = format == .jpeg ? snk_decode_jpeg : snk_decode_png
                return decode(data.baseAddress, data.count, options, &image, error.baseAddress, error.count)
            }
        }
        guard status == Int32(SNK_CODEC_OK.rawValue), let pixels = image.pixels else {
            let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw Self.error(
                status: status, source: source,
                reason: reason.isEmpty ? "could not decode \(format.displayName) data" : reason)
        }

        let width = Int(image.width)
        let height = Int(image.height)
        let orientation = Int(image.orientation)
        let swapsAxes = orientation >= 5 && orientation <= 8
        let (sourceWidth, sourceHeight) = (Int(image.source_width), Int(image.source_height))
        // One copy out of the C buffer, oriented on the way (freed by the defer).
        let upright = RGBImage.oriented(
            UnsafeBufferPointer(start: pixels, count: width * height * 3), width: width, height: height,
            exifOrientation: orientation)
        return (upright, swapsAxes ? sourceHeight : sourceWidth, swapsAxes ? sourceWidth : sourceHeight)
    }

    /// The error for a failed shim call.
    private static func error(status: Int32, source: String, reason: String) -> InferenceError {
        let kind: InferenceError.Kind =
            switch UInt32(bitPattern: status) {
            case SNK_CODEC_TOO_LARGE.rawValue, SNK_CODEC_NO_MEMORY.rawValue: .imageTooLarge
            case SNK_CODEC_UNSUPPORTED.rawValue: .unsupportedFormat
            default: .corruptImage
            }
        return InferenceError(kind, source: source, reason: reason)
    }
}
