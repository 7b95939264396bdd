/// Image formats recognised by their leading bytes (magic numbers), never by file extension.
///
/// Only JPEG and PNG are decoded; the others are recognised so that errors can name them.
///
/// ```swift
/// ImageFormat.sniff([0xFF, 0xD8, 0xFF, 0xE0])  // .jpeg
/// ImageFormat.sniff(Array("GIF89a".utf8))      // .gif
/// ```
public enum ImageFormat: String, Sendable, CaseIterable {
    case jpeg
    case png
    case gif
    case bmp
    case webp
    case tiff
    /// The HEIF family, including HEIC and AVIF.
    case heif
    case ico

    /// The format `bytes` start with, or `nil` when they match none.
    ///
    /// Only the first 12 bytes are examined; fewer than needed never match.
    public static func sniff<Bytes: Collection>(_ bytes: Bytes) -> ImageFormat?
    where Bytes.Element == UInt8 {
        let head = Array(bytes.prefix(12))
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + prefix.count && Array(head[offset..<offset + prefix.count]) == prefix
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        // Classic and BigTIFF, both byte orders.
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A])
            || starts([0x49, 0x49, 0x2B, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2B])
        {
            return .tiff
        }
        if starts(Array("ftyp".utf8), at: 4), head.count >= 12,
            heifBrands.contains(String(decoding: head[8..<12], as: UTF8.self))
        {
            return .heif
        }
        // Reserved 0, type 1 (icon), then a non-zero image count.
        if starts([0x00, 0x00, 0x01, 0x00]) && head.count >= 6 && (head[4] != 0 || head[5] != 0) {
            return .ico
        }
        // "BM", the file size, then two reserved 16-bit fields that are zero.
        if starts(Array("BM".utf8)) && starts([0, 0, 0, 0], at: 6) { return .bmp }
        return nil
    }

    /// Major brands of ISO base media files that hold HEIF images.
    private static let heifBrands: Set<String> = [
        "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif", "avis",
    ]

    /// Whether ``ImageDecoder`` can decode this format.
    public var isDecodable: Bool {
        self == .jpeg || self == .png
    }

    /// The format's usual name, for messages: "JPEG", "PNG", "GIF", ...
    public var displayName: String {
        switch self {
        case .jpeg: "JPEG"
        case .png: "PNG"
        case .gif: "GIF"
        case .bmp: "BMP"
        case .webp: "WebP"
        case .tiff: "TIFF"
        case .heif: "HEIF"
        case .ico: "ICO"
        }
    }
}
