import Dispatch
import Inference
import Synchronization

/// Decodes previews off the UI thread, one at a time, newest request first: requests that
/// were overtaken before they started are answered `.cancelled` without decoding.
final class PreviewLoader: Sendable {
    /// The decoded size aimed for: JPEGs decode at the smallest DCT scale keeping this shorter
    /// side, then everything is box-filtered to fit `thumbnailSide` (enough for a zoomed
    /// preview: libchafa works on 8 x 8 pixels per cell, and bitmaps on the cell's pixels).
    static let decodeShorterSide = 240
    static let thumbnailSide = 512

    private let decoder: ImageDecoder
    private let queue = DispatchQueue(label: "snakeid.tui.preview", qos: .userInitiated)
    private let generation = Atomic<Int>(0)

    init(decoder: ImageDecoder = ImageDecoder()) {
        self.decoder = decoder
    }

    /// Decodes `bytes` (or the file `key` names, when nil) and calls `completion` with the
    /// thumbnail and the milliseconds it took, on the loader's queue.
    func load(
        _ key: ItemKey, bytes: [UInt8]?,
        completion: @escaping @Sendable (Result<RGBImage, InferenceError>, Double) -> Void
    ) {
        let ticket = generation.add(1, ordering: .relaxed).newValue
        queue.async { [self] in
            guard generation.load(ordering: .relaxed) == ticket else {
                completion(.failure(InferenceError(.cancelled, source: key.source, reason: "overtaken")), 0)
                return
            }
            let started = DispatchTime.now().uptimeNanoseconds
            let result = Result { () throws(InferenceError) in
                let data: [UInt8]
                if let bytes { data = bytes } else { data = try ImageFile.read(key.source) }
                return try thumbnail(bytes: data, source: key.source)
            }
            completion(result, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
        }
    }

    /// A decoded image no larger than `thumbnailSide` on either side, aspect kept.
    func thumbnail(bytes: [UInt8], source: String) throws(InferenceError) -> RGBImage {
        let image = try decoder.decode(bytes, source: source, minShorterSide: Self.decodeShorterSide)
        let (width, height) = Resample.fit(
            width: image.width, height: image.height, maxWidth: Self.thumbnailSide, maxHeight: Self.thumbnailSide,
            allowEnlarging: false)
        return Resample.box(image, width: width, height: height)
    }
}
