import Glibc

/// An open file descriptor with the few reads and writes SnakeID needs: whole writes that retry
/// on interruption and short writes, bounded reads. Closes the descriptor when it goes, unless
/// it is standard output or standard error.
public final class FileStream: @unchecked Sendable {
    /// The descriptor, open while the stream exists.
    public let descriptor: Int32
    private let owned: Bool

    private init(descriptor: Int32, owned: Bool) {
        self.descriptor = descriptor
        self.owned = owned
    }

    deinit {
        if owned { close(descriptor) }
    }

    /// Standard output (not closed).
    public static let standardOutput = FileStream(descriptor: STDOUT_FILENO, owned: false)
    /// Standard error (not closed).
    public static let standardError = FileStream(descriptor: STDERR_FILENO, owned: false)

    /// The file at `path` opened for reading; nil with `errno` set when it cannot be.
    public static func reading(_ path: String) -> FileStream? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        return descriptor < 0 ? nil : FileStream(descriptor: descriptor, owned: true)
    }

    /// The existing file at `path` opened for appending; nil with `errno` set when it cannot be.
    public static func appending(_ path: String) -> FileStream? {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        return descriptor < 0 ? nil : FileStream(descriptor: descriptor, owned: true)
    }

    /// Writes all of `bytes`.
    /// - Returns: false, with `errno` set, when the write failed (a closed pipe, a full disk).
    @discardableResult
    public func write(_ bytes: some Collection<UInt8>) -> Bool {
        let written: Bool? = bytes.withContiguousStorageIfAvailable { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += count
            }
            return true
        }
        return written ?? write(Array(bytes))
    }

    /// Writes `text` as UTF-8.
    @discardableResult
    public func write(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { write($0) }
    }

    /// Up to `count` bytes from the current offset; empty at the end of the file.
    /// - Returns: nil, with `errno` set, on a read error (`EISDIR` for a folder).
    public func read(upTo count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        guard let filled = fill(&bytes, from: 0) else { return nil }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// The bytes from the current offset to the end of the file, but at most `limit + 1`: a
    /// result longer than `limit` says the file is too large. The buffer starts at the file's
    /// size and grows while there is more, so that a pipe or a file that grows is read whole too;
    /// the bytes are read straight into it.
    /// - Returns: nil, with `errno` set, on a read error (`EISDIR` for a folder).
    public func readToEnd(limit: Int) -> [UInt8]? {
        // One byte past the size: reading it, or the end of the file, says whether there is more.
        var bytes = [UInt8](repeating: 0, count: min(max(size ?? 0, 0) + 1, limit + 1))
        var filled = 0
        while true {
            guard let end = fill(&bytes, from: filled) else { return nil }
            filled = end
            if filled < bytes.count || bytes.count > limit { break }
            bytes.append(contentsOf: repeatElement(0, count: min(max(bytes.count, 1 << 16), limit + 1 - bytes.count)))
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// Reads into `bytes` from index `start` until it is full or the file ends.
    /// - Returns: the index after the last byte read; nil, with `errno` set, on a read error.
    private func fill(_ bytes: inout [UInt8], from start: Int) -> Int? {
        let count = bytes.count
        var filled = start
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, count - filled) }
            if got < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if got == 0 { break }
            filled += got
        }
        return filled
    }

    /// The file's size in bytes, from `fstat`; nil when it cannot be read.
    public var size: Int? {
        var info = stat()
        return fstat(descriptor, &info) == 0 ? Int(info.st_size) : nil
    }
}
