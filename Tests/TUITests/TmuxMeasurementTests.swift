import Foundation
import TestSupport
import Testing

extension TerminalSessions {
    /// Figures for the README, measured inside the real binary (`SNAKEID_TUI_METRICS`): the time
    /// from a key press to the end of the redraw while a folder is being classified, and the
    /// in-app preview time of a 12-megapixel JPEG.
    @Suite struct TmuxMeasurementTests {
        func samples(_ path: String, _ name: String) throws -> [Double] {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap { line in
                let parts = line.split(separator: " ")
                return parts.count == 2 && parts[0] == name ? Double(parts[1]) : nil
            }
        }

        @Test func keypressToRedrawWhileClassifyingAFolder() throws {
            let folder = NSTemporaryDirectory() + "snakeid-batch-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let metrics = folder + "/metrics.txt"
            let ui = try TmuxSession(
                ["tui", TestPaths.shared + "/images/other"], environment: ["SNAKEID_TUI_METRICS": metrics],
                workingDirectory: folder)
            try ui.waitForModel()
            try ui.press("c")
            try ui.waitFor("Classifying folder")
            var sent = 0
            while sent < 60, ui.lines().contains(where: { $0.contains("Classifying folder") }) {
                try ui.press(sent % 4 < 2 ? "j" : "k")
                sent += 1
                usleep(60_000)
            }
            try ui.waitFor("│ 28 classified", timeout: 180)
            try ui.press("r")
            try ui.waitFor("Source (28)")
            // The review exports where the user says, and says where.
            try ui.press("e")
            try ui.waitFor("Export to (.csv and .json added): ")
            try ui.press("C-u")
            try ui.type(folder + "/snakeid-review")
            try ui.press("Enter")
            try ui.waitFor("Exported 28 rows to \(folder)/snakeid-review.csv")
            let exported = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
                $0.hasPrefix("snakeid-review")
            }
            #expect(
                exported.filter { $0.hasSuffix(".csv") }.count == 1
                    && exported.filter { $0.hasSuffix(".json") }.count == 1)
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
            let during = try samples(metrics, "key-during-batch")
            #expect(during.count >= 5, "only \(during.count) keys landed during the batch")
            let median = TestJPEG.median(during)
            print(
                String(
                    format: "KEY-TO-REDRAW during batch: median %.2f ms, max %.2f ms (%d keys)", median,
                    during.max() ?? 0,
                    during.count))
            if TimingChecks.enabled { #expect(median < 50) }
        }

        @Test func twelveMegapixelPreviewInTheApp() throws {
            let folder = NSTemporaryDirectory() + "snakeid-12mp-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let metrics = folder + "/metrics.txt"
            for name in ["a-12mp.jpg", "b-12mp.jpg", "c-12mp.jpg"] {
                _ = FileManager.default.createFile(
                    atPath: folder + "/" + name, contents: Data(try TestJPEG.gradient(width: 4000, height: 3000)))
            }
            let ui = try TmuxSession(["tui", folder], environment: ["SNAKEID_TUI_METRICS": metrics])
            try ui.waitFor("a-12mp.jpg · JPEG")
            for _ in 0..<2 {
                try ui.press("j")
                usleep(400_000)
            }
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
            let previews = try samples(metrics, "preview")
            #expect(previews.count >= 2)
            let median = TestJPEG.median(previews)
            print(String(format: "PREVIEW-12MP in app: median %.1f ms over %d images", median, previews.count))
            #expect(median <= 150)
        }
    }
}
