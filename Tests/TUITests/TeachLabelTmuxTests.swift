import Foundation
import Inference
import TestSupport
import Testing

extension TerminalSessions {
    /// Labelling on the real binary: marks, the label prompts, the label file, `L`.
    @Suite struct TeachLabelTmuxTests {
        let train = TestPaths.shared + "/images/mozsnake/train"

        /// A fresh `$XDG_DATA_HOME`.
        func dataHome() throws -> String {
            let path = FileManager.default.temporaryDirectory.path + "/snakeid-teach-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            return path
        }

        /// Opens the class folder whose name starts with `prefix`, marks its first `count`
        /// photos and labels them, answering the questions a new label asks.
        func label(
            _ ui: TmuxSession, folder prefix: String, count: Int, as label: String, scientificName: String
        ) throws {
            try ui.press("/")
            try ui.type(prefix)
            try ui.press("Enter", "Enter")
            try ui.waitFor("_train_")
            for _ in 0..<count { try ui.press("m") }
            try ui.press("t")
            try ui.waitFor("Label for \(count) photos (Tab completes): ")
            try ui.type(label)
            try ui.press("Enter")
            try ui.waitFor("New label \"\(label)\": scientific name: ")
            try ui.type(scientificName)
            try ui.press("Enter")
            try ui.waitFor("Danger of \(label) (harmless, mildly_venomous, constrictor, dangerous): ")
            try ui.type("dang")
            try ui.press("Tab")
            try ui.waitFor("dangerous█")
            try ui.press("Enter")
            try ui.waitFor("Labelled \(count) photos \(label)")
            try ui.press("h")
            try ui.waitFor("4 folders")
        }

        @Test func labelTwelvePhotosOfTwoSpeciesAndFindThemAgain() throws {
            let home = try dataHome()
            defer { try? FileManager.default.removeItem(atPath: home) }
            let ui = try TmuxSession(["tui", train], environment: ["XDG_DATA_HOME": home])
            try ui.waitFor("4 folders")
            try label(ui, folder: "black", count: 6, as: "black mamba", scientificName: "Dendroaspis polylepis")
            try label(ui, folder: "boom", count: 6, as: "boomslang", scientificName: "Dispholidus typus")
            try ui.press("L")
            let screen = try ui.waitFor("Labelled set: 12 photos, 2 labels")
            #expect(screen.contains { $0.contains("black mamba  Dendroaspis polylepis  dangerous  6 photos") })
            #expect(screen.contains { $0.contains("boomslang  Dispholidus typus  dangerous  6 photos") })
            #expect(screen.contains { $0.contains("black_mamba_Dendroaspis_polylepis/001_train_0103.jpg") })
            try ui.press("Escape")
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")

            let file = LabelStore.file(forRoot: train, in: home + "/snakeid/labels")
            let set = try LabelStore.read(file)
            #expect(set.root == train)
            #expect(set.counts.map(\.label) == ["black mamba", "boomslang"])
            #expect(set.counts.map(\.photos) == [6, 6])
            #expect(set.missingPhotos().isEmpty)

            // Opened again on a class folder, the tree's labels are still there, and a known
            // label needs no questions.
            let again = try TmuxSession(
                ["tui", train + "/puff_adder_Bitis_arietans"], environment: ["XDG_DATA_HOME": home])
            try again.waitFor("_train_")
            try again.press("t")
            try again.waitFor("Label for the photo (Tab completes): ")
            try again.type("boom")
            try again.press("Tab")
            try again.waitFor("boomslang█")
            try again.press("Enter")
            try again.waitFor("Labelled 000_train_0000.jpg boomslang")
            try again.press("L")
            try again.waitFor("boomslang  Dispholidus typus  dangerous  7 photos")
            try again.press("q")
            try again.waitFor(TmuxSession.exitMarker + " 0")
            #expect(try LabelStore.read(file).counts.map(\.photos) == [6, 7])
        }

        @Test func deletedPhotosAreListedAndANewerFileIsRefused() throws {
            let home = try dataHome()
            let photos = home + "/photos"
            defer { try? FileManager.default.removeItem(atPath: home) }
            try FileManager.default.createDirectory(atPath: photos, withIntermediateDirectories: true)
            let sources = Array(
                try FileManager.default.contentsOfDirectory(atPath: train + "/boomslang_Dispholidus_typus").sorted()
                    .prefix(3))
            try #require(sources.count == 3)
            for name in sources {
                try FileManager.default.copyItem(
                    atPath: train + "/boomslang_Dispholidus_typus/" + name, toPath: photos + "/" + name)
            }
            var set = LabelSet(root: photos)
            set.define(.init(label: "boomslang", scientificName: "Dispholidus typus", danger: .dangerous))
            set.tag(sources.map { photos + "/" + $0 }, as: "boomslang")
            let labels = home + "/snakeid/labels"
            let file = try LabelStore.save(set, in: labels)
            try FileManager.default.removeItem(atPath: photos + "/" + sources[0])

            let ui = try TmuxSession(["tui", photos], environment: ["XDG_DATA_HOME": home])
            try ui.waitFor("1 labelled photo no longer on disk: skipped (L lists them)")
            try ui.press("L")
            try ui.waitFor("1 missing (skipped)")
            try ui.waitFor("\(sources[0])  missing: skipped")
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")

            let future = #"{"format":"snakeid-labels","version":9,"root":"x","species":[],"photos":[]}"#
            try Data(future.utf8).write(to: URL(fileURLWithPath: file))
            let refused = try TmuxSession(["tui", photos], environment: ["XDG_DATA_HOME": home])
            try refused.waitFor("written by a newer SnakeID (label format 9; this one reads up to 1)")
            try refused.press("t")
            try refused.waitFor("Labelling is off: ")
            try refused.press("q")
            try refused.waitFor(TmuxSession.exitMarker + " 0")
            #expect(try String(contentsOfFile: file, encoding: .utf8) == future)
        }
    }
}
