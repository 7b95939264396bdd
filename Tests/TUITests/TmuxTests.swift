import Foundation
import TestSupport
import Testing

extension TerminalSessions {
    /// The real binary in tmux: what a person sees and types. One session at a time (each loads
    /// the model); every wait polls the screen against a deadline.
    @Suite struct TmuxTests {
        let snakes = TestPaths.shared + "/images/snakes"

        /// The row after the "Species" heading.
        func firstSpeciesRow(_ lines: [String]) -> String? {
            guard let heading = lines.firstIndex(where: { $0.hasSuffix("│ Species") }), heading + 1 < lines.count else {
                return nil
            }
            return lines[heading + 1]
        }

        /// Whether the browser's divider stands at `column` on the first body row.
        func divider(in lines: [String], at column: Int) -> Bool {
            lines.count > 1 && Array(lines[1]).count > column && Array(lines[1])[column] == "│"
        }

        @Test func cobraIsRankedFirstWithTheDangerMarker() throws {
            let ui = try TmuxSession(["tui", snakes])
            try ui.waitFor("17 images")
            try ui.press("/")
            try ui.type("Indian")
            try ui.press("Enter")
            let screen = try ui.waitUntil("the cobra's prediction") {
                firstSpeciesRow($0)?.contains("Indian cobra") == true
            }
            let row = try #require(firstSpeciesRow(screen))
            #expect(row.contains("Naja naja") && row.contains("⚠ VENOMOUS"), "\(row)")
            #expect(screen.contains { $0.contains("│ SNAKE ") })
            #expect(screen.contains { $0.contains("⚠ Likely a dangerous venomous snake (Indian cobra") })
            #expect(screen.contains { $0.contains("Never handle a snake") })
            #expect(screen[0].contains("filter: Indian") && screen[0].contains("1/1"))
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
        }

        /// `x` computes where the model looked in the background and shows it over the preview.
        @Test func xShowsWhereTheModelLooked() throws {
            let ui = try TmuxSession(["tui", snakes])
            try ui.waitFor("17 images")
            try ui.press("/")
            try ui.type("horned")
            try ui.press("Enter")
            try ui.waitFor("A dangerous species cannot be ruled out")
            try ui.press("x")
            try ui.waitFor("map: red = covering it changed the answer most")
            try ui.press("x")
            try ui.waitFor("Map off")
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
        }

        @Test func corruptFileShowsItsErrorInThePanel() throws {
            let ui = try TmuxSession(["tui", TestPaths.shared + "/images/corrupt"])
            try ui.waitFor("7 images")
            try ui.press("/")
            try ui.type("truncated")
            try ui.press("Enter")
            let screen = try ui.waitFor("truncated JPEG data")
            #expect(screen.contains { $0.contains("ERROR corrupt image") })
            try ui.press("/", "C-u")
            try ui.type("random")
            try ui.press("Enter")
            try ui.waitFor("not an image (unrecognised data)")
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
        }

        @Test func urlPromptAndPasteDownloadAndClassify() throws {
            let server = StaticFileServer(root: TestPaths.shared + "/images")
            try server.start()
            defer { server.stop() }
            let ui = try TmuxSession(["tui", snakes])
            try ui.waitForModel()

            let cobra = server.url("/snakes/n01748264_Indian_cobra.JPEG")
            try ui.press("u")
            try ui.waitFor("URL: ")
            try ui.type(cobra)
            try ui.press("Enter")
            let screen = try ui.waitUntil("the downloaded cobra") {
                firstSpeciesRow($0)?.contains("Indian cobra") == true
            }
            #expect(screen.contains { $0.contains("URL \(cobra)") })
            #expect(server.requests.contains("/snakes/n01748264_Indian_cobra.JPEG"))

            // A bracketed paste anywhere opens the prompt with the URL in it.
            let tabby = server.url("/other/n02123045_tabby.JPEG")
            try ui.paste(tabby)
            try ui.waitFor("URL: \(tabby)")
            try ui.press("Enter")
            try ui.waitFor("NOT A SNAKE")

            let missing = server.url("/nothing-here.jpg")
            try ui.press("u")
            try ui.type(missing)
            try ui.press("Enter")
            try ui.waitFor("404")
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
        }

        @Test func apiStartsFromTheUIAndAnswers() throws {
            let ui = try TmuxSession(["tui", snakes])
            try ui.waitForModel()
            let port = try ui.startAPI()
            let cobra = try Data(contentsOf: URL(fileURLWithPath: snakes + "/n01748264_Indian_cobra.JPEG"))
            let answer = try Loopback.request(port: port, method: "POST", path: "/v1/classify", body: Array(cobra))
            #expect(answer.status == 200)
            #expect(answer.body.contains("Indian cobra"))
            try ui.waitFor("\(port) 1 req")
            try ui.press("s")
            try ui.waitFor("API off")
            #expect(throws: (any Error).self) { try Loopback.request(port: port, method: "GET", path: "/healthz") }
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
        }

        /// The UI's API takes `serve`'s options (one builder): here API keys and the image limit.
        @Test func theAPIFromTheUITakesServesOptions() throws {
            let keys = FileManager.default.temporaryDirectory.path + "/snakeid-ui-keys-\(UUID().uuidString)"
            try "ui-test-key\n".write(toFile: keys, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: keys) }
            let ui = try TmuxSession(["tui", snakes, "--api-keys-file", keys, "--max-images", "1"])
            try ui.waitForModel()
            let port = try ui.startAPI()
            let cobra = Array(try Data(contentsOf: URL(fileURLWithPath: snakes + "/n01748264_Indian_cobra.JPEG")))
            #expect(try Loopback.request(port: port, method: "POST", path: "/v1/classify", body: cobra).status == 401)
            #expect(try Loopback.request(port: port, method: "GET", path: "/healthz").status == 200)
            let key = ["Authorization": "Bearer ui-test-key"]
            let answer = try Loopback.request(
                port: port, method: "POST", path: "/v1/classify", body: cobra, headers: key)
            #expect(answer.status == 200)
            #expect(answer.body.contains("Indian cobra"))
            let twoURLs = #"{"urls": ["http://127.0.0.1:9/a.jpg", "http://127.0.0.1:9/b.jpg"]}"#
            let tooMany = try Loopback.request(
                port: port, method: "POST", path: "/v1/classify-url", body: Array(twoURLs.utf8),
                contentType: "application/json", headers: key)
            #expect(tooMany.status == 400 && tooMany.body.contains("too_many_images"), "\(tooMany)")
            try ui.press("q")
            try ui.waitFor("Quit? the API is serving: q again quits")
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
        }

        @Test func resizingRelaysOutAtOnce() throws {
            let ui = try TmuxSession(["tui", snakes], columns: 120, rows: 40)
            try ui.waitFor("17 images")
            var screen = ui.lines()
            #expect(screen.count == 40 && divider(in: screen, at: 36))
            #expect(screen[39].contains("API off"))

            try ui.resize(columns: 80, rows: 24)
            // Wait for the whole frame: a capture can land while tmux is still drawing it.
            screen = try ui.waitUntil("the 80x24 layout") {
                $0.count == 24 && divider(in: $0, at: 24) && $0[23].contains("API off") && $0[22].contains("? help")
            }
            #expect(screen[23].contains("API off"))
            #expect(screen[22].contains("? help"))

            try ui.resize(columns: 50, rows: 12)
            try ui.waitFor("Terminal too small: 50x12.")
            try ui.press("j")  // ignored while too small

            try ui.resize(columns: 200, rows: 50)
            screen = try ui.waitUntil("the wide layout") {
                $0.count == 50 && divider(in: $0, at: 40) && $0[49].contains("API off")
            }
            #expect(screen[49].contains("API off"))
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
        }

        @Test func quitRestoresTheTerminalAndReplaysStandardError() throws {
            let ui = try TmuxSession(["tui", snakes], environment: ["SNAKEID_LOG_LEVEL": "info"])
            try ui.waitForModel()
            try ui.press("?")
            try ui.waitFor("SnakeID keys")
            try ui.press("x")
            try ui.waitFor("17 images")
            try ui.press("q")
            let screen = try ui.waitFor(TmuxSession.exitMarker + " 0")
            let text = screen.joined(separator: "\n")
            #expect(!text.contains("SnakeID  /"), "UI left on screen:\n\(text)")
            #expect(!text.contains("│"))
            // The log line written while curses ran comes out after it.
            #expect(screen.joined().contains("model loaded"), "\(text)")
        }
    }
}
