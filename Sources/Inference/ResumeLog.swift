import FoundationEssentials
import Glibc

/// A JSONL results file that a run appends to and a later run resumes from: one JSON object a
/// line, each with a `source` (as `ReportFormat.jsonObject` writes them).
///
/// Opening reads the sources already recorded. A last line without its newline (the run was
/// killed mid-write) is cut off, so that the next record starts on a line of its own, unless it
/// is a whole record, which keeps it and gets its newline. Any other line that is not a record
/// is an error: the file is not one of ours, and nothing is written to it.
public struct ResumeLog: Sendable {
    /// The file.
    public let path: String
    /// The sources already in the file.
    public let recorded: Set<String>
    /// How many bytes of a truncated last line were cut off (0 when the file was whole).
    public let repairedBytes: Int

    /// Why a results file cannot be resumed from.
    public struct OpenError: Error, CustomStringConvertible, Equatable {
        /// The file.
        public var path: String
        /// The 1-based line, or nil when the file as a whole failed.
        public var line: Int?
        /// What is wrong.
        public var reason: String

        public var description: String {
            "\(path)" + (line.map { ":\($0)" } ?? "") + ": \(reason)"
        }
    }

    /// Reads (creating it when absent) and repairs the file at `path`. The file is read in
    /// chunks: a results file of a million photos need not fit in memory.
    public static func open(_ path: String) throws(OpenError) -> ResumeLog {
        let fileManager = FileManager.default
        if !fileManager.fileExists(atPath: path) {
            guard fileManager.createFile(atPath: path, contents: nil) else {
                throw OpenError(path: path, line: nil, reason: "cannot create the file")
            }
        }
        guard let file = FileStream.reading(path) else {
            throw OpenError(path: path, line: nil, reason: "cannot read the file")
        }
        var recorded: Set<String> = []
        var pending: [UInt8] = []  // the bytes after the last newline read so far
        var consumed: Int64 = 0  // the file's bytes up to and including the last newline
        var lineNumber = 0
        while true {
            guard let chunk = file.read(upTo: 1 << 20) else {
                throw OpenError(
                    path: path, line: nil, reason: "cannot read the file: \(String(cString: strerror(errno)))")
            }
            if chunk.isEmpty { break }
            pending.append(contentsOf: chunk)
            var lineStart = 0
            while let newline = pending[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
                lineNumber += 1
                let line = pending[lineStart..<newline]
                lineStart = newline + 1
                if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { continue }
                guard let source = Self.source(of: Data(line)) else {
                    throw OpenError(path: path, line: lineNumber, reason: "not a JSON record with a \"source\"")
                }
                recorded.insert(source)
            }
            consumed += Int64(lineStart)
            pending.removeFirst(lineStart)
        }
        var repaired = 0
        if !pending.isEmpty {
            if let source = Self.source(of: Data(pending)) {
                recorded.insert(source)
                try append(Data("\n".utf8), to: path)
            } else {
                repaired = pending.count
                guard truncate(path, off_t(consumed)) == 0 else {
                    throw OpenError(path: path, line: lineNumber + 1, reason: "cannot cut off the truncated last line")
                }
            }
        }
        return ResumeLog(path: path, recorded: recorded, repairedBytes: repaired)
    }

    /// Appends `data` to the file at `path` in one write.
    private static func append(_ data: Data, to path: String) throws(OpenError) {
        guard let file = FileStream.appending(path) else {
            throw OpenError(path: path, line: nil, reason: "cannot open the file for writing")
        }
        guard file.write(data) else {
            throw OpenError(path: path, line: nil, reason: "cannot write: \(String(cString: strerror(errno)))")
        }
    }

    private static func source(of line: Data) -> String? {
        try? JSONDecoder().decode(Record.self, from: line).source
    }

    /// What a results line must hold: a JSON object with a string `source`.
    private struct Record: Decodable {
        var source: String
    }
}
