import Foundation
import Inference
import Testing

@testable import TUI

/// The non-curses runtime parts on real files: folder listing, previews, export, the inbox.
@Suite struct RuntimeTests {
    @Test func listingRecognisesImagesByTheirBytes() throws {
        let folder = try makeTemporaryFolder("tui")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let jpeg = try TestJPEG.gradient(width: 16, height: 16)
        _ = FileManager.default.createFile(atPath: folder + "/photo-without-extension", contents: Data(jpeg))
        _ = FileManager.default.createFile(atPath: folder + "/broken.png", contents: Data("not a png".utf8))
        _ = FileManager.default.createFile(atPath: folder + "/notes.txt", contents: Data("hello".utf8))
        _ = FileManager.default.createFile(atPath: folder + "/.hidden.jpg", contents: Data(jpeg))
        try FileManager.default.createDirectory(atPath: folder + "/Sub", withIntermediateDirectories: false)

        let listing = try DirectoryLister.list(folder)
        #expect(listing.entries.map(\.name) == ["Sub", ".hidden.jpg", "broken.png", "photo-without-extension"])
        #expect(listing.entries.map(\.kind) == [.folder, .image(.jpeg), .image(nil), .image(.jpeg)])
        #expect(listing.otherFiles == 1)
        #expect(listing.entries[3].size == Int64(jpeg.count))
        #expect(throws: DirectoryLister.ListingError.self) { try DirectoryLister.list(folder + "/missing") }
    }

    @Test func previewThumbnailsKeepAspectWithinBounds() throws {
        let loader = PreviewLoader()
        let thumbnail = try loader.thumbnail(bytes: try TestJPEG.gradient(width: 1200, height: 600), source: "g.jpg")
        #expect(thumbnail.width == PreviewLoader.thumbnailSide && thumbnail.height == PreviewLoader.thumbnailSide / 2)
        #expect(throws: InferenceError.self) { try loader.thumbnail(bytes: [0xFF, 0xD8, 0xFF, 0], source: "bad.jpg") }
    }

    @Test func overtakenPreviewRequestsAreCancelled() async throws {
        let loader = PreviewLoader()
        let bytes = try TestJPEG.gradient(width: 800, height: 600)
        let (stream, continuation) = AsyncStream.makeStream(of: (Int, Bool).self)
        for index in 0..<5 {
            loader.load(.url("u\(index)"), bytes: bytes) { result, _ in
                if case .failure(let error) = result, error.kind == .cancelled {
                    continuation.yield((index, false))
                } else {
                    continuation.yield((index, true))
                }
            }
        }
        var results: [Int: Bool] = [:]
        for await (index, decoded) in stream {
            results[index] = decoded
            if results.count == 5 { break }
        }
        #expect(results[4] == true)  // the newest is always decoded
        #expect(results.values.filter { !$0 }.count >= 1)
    }

    @Test func exportWritesCSVAndJSONWithTheCoreFormat() throws {
        let folder = try makeTemporaryFolder("tui")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let items = [
            ExportItem(source: "/p/cobra.jpg", result: .success(Fixtures.prediction(source: "/p/cobra.jpg"))),
            ExportItem(
                source: "/p/bad.jpg",
                result: .failure(InferenceError(.corruptImage, source: "/p/bad.jpg", reason: "truncated"))),
        ]
        let paths = try ReviewExporter.export(items, toBase: folder + "/review")
        #expect(paths == (folder + "/review.csv", folder + "/review.json"))
        let csv = try String(contentsOfFile: paths.csv, encoding: .utf8).split(separator: "\n")
        #expect(csv.first.map(String.init) == ReportFormat.csvHeader)
        #expect(csv[1].hasPrefix("/p/cobra.jpg,snake,0.95000,Indian cobra,Naja naja,dangerous"))
        #expect(csv[1].hasSuffix(",dangerous"))  // the risk column
        #expect(csv[2].hasSuffix(",truncated,,,"))
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: paths.json)))
            as? [[String: Any]]
        #expect(json?.count == 2)
        #expect(json?[1]["error_kind"] as? String == "corrupt_image")
    }

    @Test func inboxWakesThePollerAndDrainsInOrder() {
        let inbox = Inbox()
        inbox.post(.serverStopped)
        inbox.post(.serverRequests(2))
        var descriptor = pollfd(fd: inbox.readDescriptor, events: Int16(POLLIN), revents: 0)
        #expect(poll(&descriptor, 1, 1000) == 1)
        let events = inbox.drain()
        #expect(events.count == 2)
        if case .serverRequests(2) = events[1] {} else { Issue.record("wrong order: \(events)") }
        #expect(poll(&descriptor, 1, 0) == 0)
    }
}
