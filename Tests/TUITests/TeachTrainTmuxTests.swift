import Foundation
import Inference
import TestSupport
import Testing

extension TerminalSessions {
    /// The whole loop on the real binary: label 12 mozsnake photos of two species, train with
    /// `T`, step through the top losses, switch to the bundle with `M`, see a photo of each
    /// species ranked first as its label; relabel from the report and retrain from the cache.
    @Suite struct TeachTrainTmuxTests {
        let train = TestPaths.shared + "/images/mozsnake/train"

        @Test func labelTrainSwitchAndRetrain() throws {
            let home = FileManager.default.temporaryDirectory.path + "/snakeid-teach-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: home) }
            let environment = ["XDG_DATA_HOME": home, "XDG_CACHE_HOME": home + "/cache"]
            let ui = try TmuxSession(["tui", train], columns: 140, rows: 45, environment: environment)
            try ui.waitForModel()
            try ui.waitFor("4 folders")
            let labelling = TeachLabelTmuxTests()
            try labelling.label(
                ui, folder: "black", count: 6, as: "black mamba", scientificName: "Dendroaspis polylepis")
            try labelling.label(ui, folder: "puff", count: 6, as: "puff adder", scientificName: "Bitis arietans")

            try ui.press("T")
            try ui.waitFor("Train a bundle named (saved in bundles/NAME): my-snakes")
            try ui.press("C-u")
            try ui.type("mine")
            try ui.press("Enter")
            try ui.waitFor("training mine: ")
            // The UI answers while it trains: the help opens and closes.
            try ui.press("?")
            try ui.waitFor("SnakeID keys")
            try ui.press("x")
            let report = try ui.waitFor("Trained mine", timeout: 240)
            #expect(report.contains { $0.contains("Accuracy ") })
            #expect(report.contains { $0.contains("Confusion (rows: label, columns: answer)") })
            #expect(report.contains { $0.contains("Top losses") })
            let bundle = home + "/snakeid/bundles/mine"
            #expect(FileManager.default.fileExists(atPath: bundle + "/model.json"))
            #expect(!FileManager.default.fileExists(atPath: bundle + ".tmp"))
            // Every photo is still where it was, unchanged in number.
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: train + "/black_mamba_Dendroaspis_polylepis").count
                    == 98)

            // Step through the top losses (there may be none when every held-out photo is right).
            try ui.press("j", "k")

            // Relabel the worst loss (or nothing) and retrain: features come from the cache. The
            // retrain can end between two looks at the screen, so its "Training mine on 12
            // labelled photos" notice may never be seen; the bundle written anew is the sign.
            let first = try Self.identity(of: bundle + "/model.json")
            try ui.press("T")
            try ui.waitUntil("the retrain to write the bundle anew and finish", timeout: 240) { lines in
                (try? Self.identity(of: bundle + "/model.json")).map { $0 != first } == true
                    && lines.last?.contains("training mine") == false
                    && lines.contains { $0.contains("Trained mine: ") }
            }

            try ui.press("M")
            try ui.waitFor("Model (Tab completes; Enter on empty keeps it): ")
            try ui.type("mine")
            try ui.press("Enter")
            try ui.waitFor("Classifying with mine now", timeout: 120)
            try ui.press("Escape")
            try ui.waitUntil("the status line naming the model") { $0.last?.hasPrefix(" mine · ") == true }

            // A photo of each species, not among the labelled ones, is ranked first as its label.
            for (folder, species) in [("black", "black mamba"), ("puff", "puff adder")] {
                try ui.press("/")
                try ui.type(folder)
                try ui.press("Enter", "Enter")
                try ui.waitFor("_train_")
                try ui.press("G")
                let screen = try ui.waitUntil("the last \(folder) photo ranked") { lines in
                    guard let heading = lines.firstIndex(where: { $0.hasSuffix("│ Species") }),
                        heading + 1 < lines.count
                    else { return false }
                    // The trained bundle ranks only its own species (a photo shown before the
                    // switch may show its stale answer for a moment).
                    return lines[heading + 1].contains("black mamba") || lines[heading + 1].contains("puff adder")
                }
                let heading = try #require(screen.firstIndex { $0.hasSuffix("│ Species") })
                #expect(screen[heading + 1].contains(species), "\(screen.joined(separator: "\n"))")
                try ui.press("h")
                try ui.waitFor("4 folders")
            }
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
        }

        /// A file's inode and modification time: a bundle written anew (to a temporary folder,
        /// then renamed over the old one) changes both.
        static func identity(of path: String) throws -> String {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            let inode = attributes[.systemFileNumber].map { "\($0)" } ?? "?"
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(inode) \(modified)"
        }
    }
}
