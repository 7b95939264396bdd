import Foundation
import Inference
import Logging
import Testing

@testable import TUI

/// Exports that never overwrite, and folders read through symbolic links, on real files.
@Suite struct RuntimeEdgeTests {
    let items = [ExportItem(source: "/p/cobra.jpg", result: .success(Fixtures.prediction(source: "/p/cobra.jpg")))]

    @Test func exportsNeverOverwriteAndCreateTheirFolder() throws {
        let folder = try makeTemporaryFolder("tui-edges")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let base = folder + "/new/sub/review"
        let first = try ReviewExporter.export(items, toBase: base)
        let second = try ReviewExporter.export([], toBase: base)
        #expect(first == (base + ".csv", base + ".json"))
        #expect(second == (base + "-2.csv", base + "-2.json"))
        #expect(try String(contentsOfFile: first.csv, encoding: .utf8).contains("/p/cobra.jpg"))
        #expect(try String(contentsOfFile: second.json, encoding: .utf8) == "[]\n")
        // A folder as the base writes snakeid-review.* inside it.
        #expect(try ReviewExporter.export(items, toBase: folder).csv == folder + "/snakeid-review.csv")
    }

    @Test func aFailedExportNamesThePath() throws {
        let folder = try makeTemporaryFolder("tui-edges")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = FileManager.default.createFile(atPath: folder + "/file", contents: Data("x".utf8))
        #expect {
            try ReviewExporter.export(items, toBase: folder + "/file/review")
        } throws: { error in
            (error as? ReviewExporter.ExportError)?.path == folder + "/file"
        }
    }

    @Test func exportsGoToTheDataFolderByDefault() {
        #expect(
            ReviewExporter.defaultBase(environment: ["XDG_DATA_HOME": "/data"], home: "/home/me")
                == "/data/snakeid/snakeid-review")
        #expect(
            ReviewExporter.defaultBase(environment: [:], home: "/home/me")
                == "/home/me/.local/share/snakeid/snakeid-review")
    }

    @Test func symbolicLinksToPhotosAreListedAndFound() throws {
        let folder = try makeTemporaryFolder("tui-edges")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let jpeg = try TestJPEG.gradient(width: 16, height: 16)
        try FileManager.default.createDirectory(atPath: folder + "/real", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/links", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder + "/real/photo.jpg", contents: Data(jpeg))
        try FileManager.default.createSymbolicLink(
            atPath: folder + "/links/linked.jpg", withDestinationPath: folder + "/real/photo.jpg")
        try FileManager.default.createSymbolicLink(
            atPath: folder + "/links/dangling.jpg", withDestinationPath: folder + "/real/missing.jpg")
        try FileManager.default.createSymbolicLink(
            atPath: folder + "/links/loop", withDestinationPath: folder + "/links")

        let listing = try DirectoryLister.list(folder + "/links")
        #expect(listing.entries.map(\.name) == ["loop", "dangling.jpg", "linked.jpg"])
        #expect(listing.entries.map(\.kind) == [.folder, .image(nil), .image(.jpeg)])
        let found = DirectoryLister.images(under: folder + "/links")
        #expect(found.map(\.source) == [folder + "/links/dangling.jpg", folder + "/links/linked.jpg"])
        #expect(found.last == listing.entries.last?.itemKey)  // the same key as the browser's: cached results match
    }

    @Test func theFolderShownIsWatchedForChanges() async throws {
        let folder = try makeTemporaryFolder("tui-edges")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let inbox = Inbox()
        let failed = InferenceError(.model, reason: "no model in this test")
        let logger = Logger(label: "t")
        let runner = EffectRunner(
            inbox: inbox,
            model: ModelLoader(bundle: .failure(failed), configuration: .init(), logger: logger, inbox: inbox),
            fetcher: URLFetcher(), metrics: Metrics(path: nil), logger: logger)
        runner.run(.listDirectory(folder))
        var events: [Event] = []
        func changed() -> Bool {
            events.contains { if case .directoryChanged(let path) = $0 { path == folder } else { false } }
        }
        // Polled with a bound: the watch looks once a second.
        for _ in 0..<50 where !events.contains(where: { if case .directoryListed = $0 { true } else { false } }) {
            try await Task.sleep(for: .milliseconds(100))
            events += inbox.drain()
        }
        #expect(!changed())
        _ = FileManager.default.createFile(atPath: folder + "/new.jpg", contents: Data([0xFF, 0xD8, 0xFF]))
        for _ in 0..<100 where !changed() {
            try await Task.sleep(for: .milliseconds(100))
            events += inbox.drain()
        }
        #expect(changed(), "no change reported: \(events)")
        await runner.shutdown()
    }
}
