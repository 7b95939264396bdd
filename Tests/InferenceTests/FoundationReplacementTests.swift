import Foundation
import Glibc
import Testing

@testable import Inference

/// The few corelibs Foundation helpers SnakeID's modules replaced to import only
/// FoundationEssentials (no ICU in the binary), checked against Foundation itself here.
@Suite struct FoundationReplacementTests {
    // Paths with a slash, compared with NSString (Swift 6.3.1's NSString traps on
    // `deletingLastPathComponent` of a one-character bare name, "a" or "a/": those are in the
    // table below).
    static let paths = [
        "/a/b.jpg", "/a/b/", "/a//b", "a/b", "/", "./a", "../a/b.tar.gz", "/a/.bashrc", "/a/b/../c",
        "a/./b//c/", "/a/b.", "x/.hidden.png",
    ]

    @Test(arguments: paths)
    func pathNamesAgreeWithNSString(path: String) {
        let foundation = path as NSString
        #expect(PathName.lastComponent(of: path) == foundation.lastPathComponent)
        #expect(PathName.parent(of: path) == foundation.deletingLastPathComponent)
        #expect(PathName.fileExtension(of: path) == foundation.pathExtension)
    }

    @Test(arguments: [
        ("a", "a", "", ""), ("a/", "a", "", ""), ("b.JPG", "b.JPG", "", "JPG"), (".bashrc", ".bashrc", "", ""),
        ("", "", "", ""),
        ("snake.tar.gz", "snake.tar.gz", "", "gz"),
    ])
    func bareNames(path: String, last: String, parent: String, fileExtension: String) {
        #expect(PathName.lastComponent(of: path) == last)
        #expect(PathName.parent(of: path) == parent)
        #expect(PathName.fileExtension(of: path) == fileExtension)
    }

    @Test(arguments: [
        ("a/./b//../c/", "a/c"), ("/a/b/../c", "/a/c"), ("/../a", "/a"), ("../a/b", "../a/b"), ("./", "."),
        ("/", "/"), ("out", "out"),
    ])
    func normalizedPaths(path: String, expected: String) {
        #expect(PathName.normalized(path) == expected)
    }

    @Test func cFormatAgreesWithStringFormat() {
        #expect(String(cFormat: "%.1f%%", 12.345) == String(format: "%.1f%%", 12.345))
        #expect(String(cFormat: "%5.1f%%", 0.5) == String(format: "%5.1f%%", 0.5))
        #expect(String(cFormat: "  %3d/%-3d  %.3f", 7, 12, 0.5) == String(format: "  %3d/%-3d  %.3f", 7, 12, 0.5))
        #expect(String(cFormat: "%05d-", 42) == "00042-")
        #expect(String(cFormat: "weight decay %g", 0.0001) == String(format: "weight decay %g", 0.0001))
        // Longer than the first buffer: formatted again into one that fits.
        let long = String(repeating: "x", count: 300)
        #expect(long.withCString { String(cFormat: "%s!", $0) } == long + "!")
    }

    @Test(arguments: ["/home/ana/Photos", "/tmp/a b/ü-é_1.2", "C:\\x", "/snakes/蛇", "a%b+c?d#e"])
    func labelFileNamesAreTheOnesFoundationGave(root: String) {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._"))
        #expect(LabelStore.percentEncoded(root) == root.addingPercentEncoding(withAllowedCharacters: allowed))
    }

    @Test func trimmingAndCaseFolding() {
        #expect(" \t key value \r\n".trimmingWhitespace() == "key value")
        #expect("   ".trimmingWhitespace() == "")
        #expect("Ab"[...].trimmingWhitespace() == "Ab")
        #expect("Green Mamba".equalsIgnoringCase("green mamba"))
        #expect(!"Green Mamba".equalsIgnoringCase("green"))
    }

    @Test func fileStreamReadsWholeFilesWithinALimit() throws {
        let folder = FileManager.default.temporaryDirectory.path + "/snakeid-filestream-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/bytes"
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let whole = try #require(FileStream.reading(path)?.readToEnd(limit: 1 << 20))
        #expect(whole == bytes)
        let capped = try #require(FileStream.reading(path)?.readToEnd(limit: 1000))
        #expect(capped.count == 1001)  // one byte past the limit says "too large"
        #expect(FileStream.reading(path)?.size == bytes.count)
        #expect(FileStream.reading(folder)?.readToEnd(limit: 10) == nil)  // EISDIR
        #expect(FileStream.reading(folder + "/absent") == nil)

        let appended = try #require(FileStream.appending(path))
        #expect(appended.write("tail"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).suffix(4) == Data("tail".utf8))
        #expect(FileStream.appending(folder + "/absent") == nil)
    }

    @Test func imageFileRefusesFilesOverTheLimitAndFolders() throws {
        #expect(throws: InferenceError.self) { try ImageFile.read("/nonexistent/photo.jpg") }
        do {
            _ = try ImageFile.read(FileManager.default.temporaryDirectory.path)
            Issue.record("reading a folder succeeded")
        } catch {
            #expect(error.kind == .unreadable)
        }
    }

    @Test func failuresAreDescribedInWords() {
        do {
            _ = try Data(contentsOf: URL(fileURLWithPath: "/nonexistent/x"))
            Issue.record("reading a missing file succeeded")
        } catch {
            #expect(describeFailure(error) == "No such file or directory")
        }
        #expect(describeFailure(POSIXError(.EACCES)) == "Permission denied")
    }

    @Test func conditionWaitEndsAtItsDeadline() {
        let lock = ConditionLock()
        let start = ContinuousClock.now
        let signalled = lock.withLock { lock.wait(until: start + .milliseconds(50)) }
        #expect(!signalled)
        #expect(ContinuousClock.now - start >= .milliseconds(50))
        // A deadline already past returns at once.
        #expect(!lock.withLock { lock.wait(until: start) })
    }

    @Test func dedicatedThreadsRunAndAreNamed() async {
        let name = await withCheckedContinuation { continuation in
            DedicatedThread.start(name: "snakeid-test-thread-name", stackSize: 1 << 20) {
                let comm = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
                continuation.resume(returning: comm.trimmingWhitespace())
            }
        }
        #expect(name == "snakeid-test-th")  // the kernel keeps 15 bytes
    }
}
