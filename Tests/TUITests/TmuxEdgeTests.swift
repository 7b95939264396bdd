import Foundation
import TestSupport
import Testing

extension TerminalSessions {
    /// The real binary in tmux for issue 13: the selected photo ahead of a 500-photo run, help
    /// at 80x24, the welcome panel, folders of symbolic links, a typed URL, a failed model.
    @Suite struct TmuxEdgeTests {
        /// `count` symbolic links in `folder` to the shared photos, in turn; returns their names.
        @discardableResult
        func linkPhotos(into folder: String, count: Int) throws -> [String] {
            let photos = TestPaths.sharedFiles("images/snakes") + TestPaths.sharedFiles("images/other")
            try #require(!photos.isEmpty)
            return try (0..<count).map { index in
                let photo = photos[index % photos.count]
                let name = String(format: "p%03d-", index) + (photo as NSString).lastPathComponent
                try FileManager.default.createSymbolicLink(atPath: folder + "/" + name, withDestinationPath: photo)
                return name
            }
        }

        /// "Classifying folder 123/500" on the message line, as (done, total).
        func progress(_ lines: [String]) -> (done: Int, total: Int)? {
            for line in lines {
                if let match = line.firstMatch(of: /Classifying folder (\d+)\/(\d+)/),
                    let done = Int(match.1), let total = Int(match.2)
                {
                    return (done, total)
                }
            }
            return nil
        }

        @Test func theSelectedPhotoIsClassifiedAheadOfA500PhotoRun() throws {
            let folder = try makeTemporaryFolder("priority")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try linkPhotos(into: folder, count: 499)
            // The last entry is the cobra: its species names it on the panel once classified.
            try FileManager.default.createSymbolicLink(
                atPath: folder + "/zz-cobra.jpg",
                withDestinationPath: TestPaths.shared + "/images/snakes/n01748264_Indian_cobra.JPEG")
            let ui = try TmuxSession(["tui", folder])
            try ui.waitFor("500 images")
            try ui.waitForModel()
            try ui.press("c")
            try ui.waitUntil("the run to be under way", timeout: 120) { (progress($0)?.done ?? 0) >= 20 }
            try ui.press("G")
            let asked = Date()
            let screen = try ui.waitUntil("the cobra's verdict", timeout: 30) { lines in
                lines.contains { $0.contains("Indian cobra") } || !lines.contains { $0.contains("Classifying folder") }
            }
            let seconds = Date().timeIntervalSince(asked)
            let run = progress(screen)
            #expect(screen.contains { $0.contains("Indian cobra") }, "\(screen.joined(separator: "\n"))")
            #expect(run != nil, "the run ended before the selected photo was answered")
            print(
                String(
                    format: "SELECTED-PHOTO during a 500-photo run: verdict after %.2f s (run at %d/%d)", seconds,
                    run?.done ?? -1, run?.total ?? -1))
            #expect(seconds < 10)
            try ui.press("Escape")
            try ui.waitFor("Cancelled after ", timeout: 60)
            try ui.press("q")
            try ui.waitFor("q again quits")
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
        }

        @Test func helpAt80x24ScrollsToTheQuitLine() throws {
            let ui = try TmuxSession(["tui", TestPaths.shared + "/images/snakes"], columns: 80, rows: 24)
            try ui.waitFor("17 images")
            try ui.press("?")
            var screen = try ui.waitFor("more: j/Space")
            #expect(screen.contains { $0.contains("SnakeID keys") })
            func showsQuit(_ lines: [String]) -> Bool {
                lines.contains { $0.contains("q Ctrl-C") && $0.contains("quit") }
            }
            var presses = 0
            while !showsQuit(screen) && presses < 40 {
                try ui.press("j")
                presses += 1
                usleep(100_000)
                screen = ui.lines()
            }
            #expect(showsQuit(screen), "\(screen.joined(separator: "\n"))")
            try ui.press("G")
            try ui.waitFor("--allow-private-urls")
            try ui.press("Escape")
            try ui.waitFor("17 images")
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
        }

        @Test func welcomePanelWhereThereAreNoPhotos() throws {
            let folder = try makeTemporaryFolder("welcome")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try FileManager.default.createDirectory(atPath: folder + "/Sources", withIntermediateDirectories: true)
            let ui = try TmuxSession(["tui"], workingDirectory: folder)
            try ui.waitFor("Welcome to SnakeID")
            try ui.waitFor("go to your home folder")
            try ui.press("Escape")
            try ui.waitFor("Sources/")
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
        }

        /// The welcome panel offers the repository's sample photos (found beside the model's
        /// `models/` folder); `e` opens them, and the unrecognised cobra says "unknown".
        @Test func welcomePanelOffersTheSamples() throws {
            let folder = try makeTemporaryFolder("welcome-samples")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let ui = try TmuxSession(["tui"], workingDirectory: folder)
            try ui.waitFor("try the sample photos")
            try ui.press("e")
            try ui.waitFor("3 images")
            try ui.waitForModel()
            try ui.press("/")
            try ui.type("Naja")
            try ui.press("Enter")
            try ui.waitFor("SnakeID does not recognise")
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
        }

        @Test func aFolderOfSymbolicLinksClassifies() throws {
            let folder = try makeTemporaryFolder("links")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try linkPhotos(into: folder, count: 30)
            let ui = try TmuxSession(["tui", folder])
            try ui.waitFor("30 images")
            try ui.waitForModel()
            try ui.press("c")
            // The photo selected first was classified on its own, so the run has the other 29.
            try ui.waitFor("Classified 29 of 29 images (folder): ", timeout: 180)
            try ui.waitFor("│ 30 classified")
            try ui.press("q", "q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
        }

        @Test func bigCClassifiesSubfoldersThroughLinksWithoutLooping() throws {
            let folder = try makeTemporaryFolder("tree")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
            try linkPhotos(into: folder, count: 3)
            try linkPhotos(into: folder + "/sub", count: 4)
            try FileManager.default.createSymbolicLink(atPath: folder + "/sub/back", withDestinationPath: folder)
            let ui = try TmuxSession(["tui", folder])
            try ui.waitFor("3 images")
            try ui.waitForModel()
            try ui.press("C")
            try ui.waitFor("Classified 7 of 7 images (folder and subfolders): ", timeout: 120)
            try ui.press("q", "q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
        }

        @Test func theAPIOnABusyPortSaysWhichAndWhatToDo() throws {
            let busy = StaticFileServer(root: TestPaths.shared + "/images")
            try busy.start()
            defer { busy.stop() }
            let ui = try TmuxSession(["tui", TestPaths.shared + "/images/snakes"])
            try ui.waitForModel()
            try ui.press("s")
            try ui.waitFor("API address (host:port): ")
            try ui.press("C-u")
            try ui.type("127.0.0.1:\(busy.port)")
            try ui.press("Enter")
            let screen = try ui.waitFor("port \(busy.port) is in use; choose another")
            #expect(!screen.joined().contains("errno"))
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
        }

        @Test func aURLTypedWithoutBracketedPasteGoesToThePrompt() throws {
            let ui = try TmuxSession(["tui", TestPaths.shared + "/images/snakes"])
            try ui.waitFor("17 images")
            // send-keys -l types the characters at once, as a terminal without bracketed paste does.
            try ui.type("https://example.invalid/h/snake.jpg")
            try ui.waitFor("URL: https://example.invalid/h/snake.jpg")
            #expect(ui.lines()[0].contains("/images/snakes"), "h must not have gone up")
            try ui.press("Escape")
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
        }

        @Test func aModelThatFailsToLoadExitsNonZeroWithTheReason() throws {
            let ui = try TmuxSession(["tui", "--model", "/nonexistent-model", TestPaths.shared + "/images/snakes"])
            try ui.waitFor("model failed to load")
            try ui.press("q")
            let screen = try ui.waitFor(TmuxSession.exitMarker + " 1")
            #expect(screen.contains { $0.contains("snakeid: the model failed to load:") })
        }
    }
}
