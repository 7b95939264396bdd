import Foundation
import TestSupport
import Testing

extension TerminalSessions {
    /// `M` on the real binary: a bundle saved under `$XDG_DATA_HOME/snakeid/bundles/NAME/`
    /// replaces the model of the UI and of the API it started; earlier results turn stale.
    @Suite struct TeachModelTmuxTests {
        let snakes = TestPaths.shared + "/images/snakes"

        /// A saved bundle named `name`: the default bundle's weights (linked) under another name.
        func savedBundle(in home: String, name: String) throws {
            let folder = home + "/snakeid/bundles/" + name
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let json = try String(contentsOfFile: TestPaths.defaultModel + "/model.json", encoding: .utf8)
                .replacingOccurrences(
                    of: #""name": "efficientnet-lite0-imagenet""#, with: #""name": "\#(name)-bundle""#)
            try #require(json.contains("\"\(name)-bundle\""))
            try json.write(toFile: folder + "/model.json", atomically: true, encoding: .utf8)
            for file in ["model.pt", "model.onnx"] {
                try FileManager.default.createSymbolicLink(
                    atPath: folder + "/" + file, withDestinationPath: TestPaths.defaultModel + "/" + file)
            }
        }

        @Test func mSwitchesTheModelOfTheUIAndItsAPIAndMarksResultsStale() throws {
            let home = FileManager.default.temporaryDirectory.path + "/snakeid-teach-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: home) }
            try savedBundle(in: home, name: "mine")
            let ui = try TmuxSession(["tui", snakes], environment: ["XDG_DATA_HOME": home])
            try ui.waitForModel()
            try ui.press("/")
            try ui.type("Indian")
            try ui.press("Enter")
            try ui.waitFor("Naja naja")
            try ui.press("Escape", "g")  // the filter off, the first photo selected: the cobra is not shown
            try ui.waitFor("17 images")

            let port = try ui.startAPI()
            let before = try Loopback.request(port: port, method: "GET", path: "/v1/model")
            #expect(before.body.contains(#""bundle":"efficientnet-lite0-imagenet""#), "\(before.body)")

            try ui.press("M")
            try ui.waitFor("Model (Tab completes; Enter on empty keeps it): ")
            try ui.waitFor("efficientnet-lite0-imagenet · mine")
            try ui.type("mi")
            try ui.press("Tab")
            try ui.waitFor("Model (Tab completes; Enter on empty keeps it): mine█")
            try ui.press("Enter")
            try ui.waitFor("Classifying with mine now", timeout: 120)
            let screen = try ui.waitUntil("the status line naming the model") {
                $0.last?.hasPrefix(" mine · ") == true
            }
            #expect(screen.contains { $0.contains("n01748264_Indian_cobra") && $0.contains("stale") })
            let after = try Loopback.request(port: port, method: "GET", path: "/v1/model")
            #expect(after.body.contains(#""bundle":"mine-bundle""#), "\(after.body)")
            #expect(after.body.contains(#""generation":2"#), "\(after.body)")

            // Shown again, the cobra is classified again by the model in use: no longer stale.
            try ui.press("/")
            try ui.type("Indian")
            try ui.press("Enter")
            try ui.waitUntil("the cobra classified again") { lines in
                lines.contains { $0.contains("Naja naja") }
                    && !lines.contains { $0.contains("n01748264_Indian_cobra") && $0.contains("stale") }
            }
            try ui.press("q")
            try ui.waitFor("Quit?")
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
        }
    }
}
