import Foundation
import TestSupport
import Testing

/// `classify --shard K/N` and `--resume FILE` on the real binary and model: the shards split a
/// folder exactly, and a killed run resumed records every photo once.
@Suite("snakeid classify --shard and --resume (real process, real model)", .serialized)
struct ShardResumeTests {
    static let ready =
        FileManager.default.isExecutableFile(atPath: ProcessRunner.snakeid) && TestPaths.hasModel
        && TestPaths.hasShared

    /// A folder of copies of the shared snake and other photos, half of them one level down.
    private func photoFolder() throws -> (folder: String, photos: Set<String>) {
        let fileManager = FileManager.default
        let folder = NSTemporaryDirectory() + "snakeid-shards-\(UUID().uuidString)"
        try fileManager.createDirectory(atPath: folder + "/camera-b", withIntermediateDirectories: true)
        let originals = TestPaths.sharedFiles("images/snakes") + TestPaths.sharedFiles("images/other")
        var photos: Set<String> = []
        for (number, original) in originals.enumerated() {
            let path = folder + (number % 2 == 0 ? "/" : "/camera-b/") + (original as NSString).lastPathComponent
            try fileManager.copyItem(atPath: original, toPath: path)
            photos.insert(path)
        }
        return (folder, photos)
    }

    private func sources(inJSONL text: String) throws -> [String] {
        try text.split(separator: "\n").map {
            let object = try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            return try #require(object["source"] as? String)
        }
    }

    @Test("the union of shards 0/3, 1/3 and 2/3 is the folder, with no photo twice", .enabled(if: ready))
    func shardsPartitionTheFolder() throws {
        let (folder, photos) = try photoFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try #require(photos.count >= 30, "too few shared photos")
        var seen: [String] = []
        for index in 0..<3 {
            let run = try ProcessRunner.run(
                ProcessRunner.snakeid, ["classify", "--format", "jsonl", "--top", "1", "--shard", "\(index)/3", folder])
            #expect(run.status == 0, "\(run.standardError)")
            let shard = try sources(inJSONL: run.standardOutput)
            #expect(!shard.isEmpty, "shard \(index)/3 is empty")
            seen += shard
        }
        #expect(seen.count == photos.count)
        #expect(Set(seen) == photos)
    }

    @Test("a bad --shard is a usage error", .enabled(if: ready))
    func badShard() throws {
        for bad in ["3/3", "1", "x/2"] {
            let run = try ProcessRunner.run(ProcessRunner.snakeid, ["classify", "--shard", bad, "x.jpg"])
            #expect(run.status == 2, "\(bad): \(run.standardError)")
            #expect(run.standardError.contains("--shard"))
        }
    }

    @Test(
        "a run killed (SIGKILL) halfway and resumed records every photo exactly once; a cut line is repaired",
        .enabled(if: ready))
    func killedAndResumed() throws {
        let (folder, photos) = try photoFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try #require(photos.count >= 30, "too few shared photos")
        let results = folder + "/../" + (folder as NSString).lastPathComponent + ".jsonl"
        defer { try? FileManager.default.removeItem(atPath: results) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessRunner.snakeid)
        process.arguments = ["classify", "--top", "1", "--resume", results, folder]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait (bounded) until a few records are in the file, then kill without warning.
        let deadline = Date().addingTimeInterval(180)
        var lines = 0
        while process.isRunning, Date() < deadline {
            lines = (try? String(contentsOfFile: results, encoding: .utf8))?.split(separator: "\n").count ?? 0
            if lines >= 4 { break }
            usleep(2_000)  // polling interval, not synchronisation: the loop re-reads the file
        }
        try #require(process.isRunning, "the run ended (or timed out) before it could be killed: \(lines) lines")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let firstRun = try sources(
            inJSONL: String(contentsOfFile: results, encoding: .utf8).split(separator: "\n")
                .filter { $0.hasSuffix("}") }.joined(separator: "\n"))
        #expect(firstRun.count >= 4)
        #expect(firstRun.count < photos.count, "killed halfway: not every photo done")

        // A write cut short by the kill: half a record at the end, with no newline.
        let handle = try #require(FileHandle(forWritingAtPath: results))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"source\":\"\(folder)/half-writ".utf8))
        try handle.close()

        let resumed = try ProcessRunner.run(
            ProcessRunner.snakeid, ["classify", "--top", "1", "--resume", results, folder])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.standardError.contains("truncated last line"), "\(resumed.standardError)")
        #expect(resumed.standardError.contains("already done"), "\(resumed.standardError)")
        let all = try sources(inJSONL: String(contentsOfFile: results, encoding: .utf8))
        #expect(all.count == photos.count, "every photo exactly once")
        #expect(Set(all) == photos)

        // Resuming a finished file does nothing.
        let again = try ProcessRunner.run(
            ProcessRunner.snakeid, ["classify", "--top", "1", "--resume", results, folder])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(try sources(inJSONL: String(contentsOfFile: results, encoding: .utf8)).count == photos.count)
    }
}
