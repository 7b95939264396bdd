import Foundation
import Testing

@testable import Inference

/// `--resume FILE`: the sources already recorded, a killed run's truncated line repaired.
@Suite("Resume log")
struct ResumeLogTests {
    private func temporaryFile(_ contents: String?) -> String {
        let path = NSTemporaryDirectory() + "snakeid-resume-\(UUID().uuidString).jsonl"
        if let contents { FileManager.default.createFile(atPath: path, contents: Data(contents.utf8)) }
        return path
    }

    @Test("an absent file is created and holds nothing")
    func absent() throws {
        let path = temporaryFile(nil)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try ResumeLog.open(path)
        #expect(log.recorded.isEmpty)
        #expect(log.repairedBytes == 0)
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test("a truncated last line is cut off, and the whole lines before it are kept")
    func truncatedLine() throws {
        let whole = "{\"source\":\"/p/a.jpg\",\"verdict\":\"snake\"}\n{\"source\":\"/p/b.jpg\",\"error\":\"x\"}\n"
        let cut = "{\"source\":\"/p/c.jpg\",\"verd"
        let path = temporaryFile(whole + cut)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try ResumeLog.open(path)
        #expect(log.recorded == ["/p/a.jpg", "/p/b.jpg"])
        #expect(log.repairedBytes == cut.utf8.count)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == whole)
    }

    @Test("a whole last record without its newline is kept and gets the newline")
    func missingNewline() throws {
        let path = temporaryFile("{\"source\":\"/p/a.jpg\"}\n{\"source\":\"/p/b.jpg\"}")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try ResumeLog.open(path)
        #expect(log.recorded == ["/p/a.jpg", "/p/b.jpg"])
        #expect(log.repairedBytes == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasSuffix("\"/p/b.jpg\"}\n"))
    }

    @Test("a bad line before the last is an error naming the line, and the file is left as it was")
    func foreignFile() throws {
        let contents = "{\"source\":\"/p/a.jpg\"}\nsource,verdict\n{\"source\":\"/p/b.jpg\"}\n"
        let path = temporaryFile(contents)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ResumeLog.OpenError.self) { try ResumeLog.open(path) }
        do {
            _ = try ResumeLog.open(path)
        } catch {
            #expect(error.line == 2)
            #expect(error.description.contains(path))
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == contents)
    }

    @Test("a file larger than a read chunk: lines across chunk boundaries are all read")
    func largeFile() throws {
        let lines = (0..<30_000).map {
            "{\"source\":\"/photos/camera-\($0 % 9)/IMG_\($0).jpg\",\"verdict\":\"snake\"}\n"
        }
        let whole = lines.joined()
        #expect(whole.utf8.count > 1 << 20, "more than one 1 MiB chunk")
        let path = temporaryFile(whole + "{\"source\":\"/photos/cut")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try ResumeLog.open(path)
        #expect(log.recorded.count == 30_000)
        #expect(log.recorded.contains("/photos/camera-2/IMG_29999.jpg"))
        #expect(log.repairedBytes == "{\"source\":\"/photos/cut".utf8.count)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == whole.utf8.count)
    }
}
