import Glibc

/// Reading image files from disk, within a size limit.
public enum ImageFile {
    /// Files larger than this are refused before reading (no photo is this large).
    public static let maxBytes = 256 << 20

    /// The file's bytes.
    /// - Throws: `InferenceError` `.unreadable` (with the path) when it cannot be read.
    public static func read(_ path: String) throws(InferenceError) -> [UInt8] {
        guard let file = FileStream.reading(path) else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno)).lowercased()
            throw InferenceError(.unreadable, source: path, reason: reason)
        }
        if let size = file.size, size > maxBytes {
            throw InferenceError(.imageTooLarge, source: path, reason: "file is larger than \(maxBytes >> 20) MB")
        }
        guard let bytes = file.readToEnd(limit: maxBytes) else {
            throw InferenceError(.unreadable, source: path, reason: "cannot read file (is it a folder?)")
        }
        if bytes.count > maxBytes {
            throw InferenceError(.imageTooLarge, source: path, reason: "file is larger than \(maxBytes >> 20) MB")
        }
        return bytes
    }

    /// The first bytes of a file, enough to recognise its format; nil when unreadable.
    public static func header(_ path: String, count: Int = 32) -> [UInt8]? {
        FileStream.reading(path)?.read(upTo: count)
    }
}
