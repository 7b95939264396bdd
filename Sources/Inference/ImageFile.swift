import Foundation

/// Reading image files from disk, within a size limit.
public enum ImageFile {
    /// Files larger than this are refused before reading (no photo is this large).
    public static let maxBytes = 256 << 20

    /// The file's bytes.
    /// - Throws: `InferenceError` `.unreadable` (with the path) when it cannot be read.
    public static func read(_ path: String) throws(InferenceError) -> [UInt8] {
        let handle = FileHandle(forReadingAtPath: path)
        guard let handle else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            throw InferenceError(.unreadable, source: path, reason: reason)
        }
        defer { try? handle.close() }
        do {
            let size = try handle.seekToEnd()
            if size > UInt64(maxBytes) {
                throw InferenceError(.imageTooLarge, source: path, reason: "file is larger than \(maxBytes >> 20) MB")
            }
            try handle.seek(toOffset: 0)
            return [UInt8](try handle.readToEnd() ?? Data())
        } catch let error as InferenceError {
            throw error
        } catch {
            throw InferenceError(.unreadable, source: path, reason: "cannot read file (is it a folder?)")
        }
    }

    /// The first bytes of a file, enough to recognise its format; nil when unreadable.
    public static func header(_ path: String, count: Int = 32) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: count) else { return nil }
        return [UInt8](data)
    }
}
