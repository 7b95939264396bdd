import Foundation
import TestSupport
import Testing

/// `snakeid train` as users run it: the real process (also the release build in `make test`,
/// where the feature loop once trapped: docs/release-grade.md), a small mozsnake subset.
@Suite("snakeid train (real process, real model)")
struct TrainCommandTests {
    static let ready = FileManager.default.isExecutableFile(atPath: ProcessRunner.snakeid) && TestPaths.hasModel
    static let species = [
        ("black_mamba", "black mamba", "black_mamba_Dendroaspis_polylepis"),
        ("puff_adder", "puff adder", "puff_adder_Bitis_arietans"),
    ]

    @Test(.enabled(if: ready && TestPaths.hasShared, "needs ../shared and the model"))
    func trainsClassifiesAndRetrainsFromTheCache() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("snakeid-train-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: work) }
        var heldOut: [(label: String, path: String)] = []
        for (folder, label, source) in Self.species {
            let photos = TestPaths.sharedFiles("images/mozsnake/train/" + source).sorted()
            try #require(photos.count >= 11, "mozsnake/train/\(source) has \(photos.count) photos")
            try FileManager.default.createDirectory(
                atPath: work + "/photos/" + folder, withIntermediateDirectories: true)
            for photo in photos.prefix(10) {
                try FileManager.default.createSymbolicLink(
                    atPath: work + "/photos/\(folder)/" + (photo as NSString).lastPathComponent,
                    withDestinationPath: photo)
            }
            heldOut.append((label, photos[10]))
        }
        let arguments = [
            "train", work + "/photos", "--out", work + "/bundle", "--cache", work + "/cache", "--report",
            work + "/report.json",
        ]

        let first = try ProcessRunner.run(ProcessRunner.snakeid, arguments)
        #expect(first.status == 0, "\(first.standardError)")
        let firstTimings = try Self.timings(work + "/report.json")
        #expect(firstTimings.extracted > 0 && firstTimings.cached == 0, "\(firstTimings)")
        #expect(FileManager.default.fileExists(atPath: work + "/bundle/model.json"))

        for (label, photo) in heldOut {
            let run = try ProcessRunner.run(
                ProcessRunner.snakeid, ["classify", "--model", work + "/bundle", "--format", "jsonl", photo])
            #expect(run.status == 0, "\(run.standardError)")
            let line = try #require(run.standardOutput.split(separator: "\n").first)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let species = try #require(object["species"] as? [[String: Any]], "\(line)")
            let names = species.compactMap { $0["label"] as? String }
            #expect(Set(names).isSubset(of: Set(Self.species.map(\.1))), "\(names)")
            #expect(names.first == label, "\(photo): \(line)")
        }

        let again = try ProcessRunner.run(ProcessRunner.snakeid, arguments + ["--force"])
        #expect(again.status == 0, "\(again.standardError)")
        let secondTimings = try Self.timings(work + "/report.json")
        #expect(secondTimings.extracted == 0 && secondTimings.cached == firstTimings.extracted, "\(secondTimings)")
    }

    private static func timings(_ report: String) throws -> (extracted: Int, cached: Int) {
        let data = try Data(contentsOf: URL(fileURLWithPath: report))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let timings = try #require(object["timings"] as? [String: Any])
        return (try #require(timings["extracted"] as? Int), try #require(timings["cached"] as? Int))
    }
}
