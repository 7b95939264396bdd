import Inference
import Testing

@testable import TUI

/// Views drawn on a text canvas: what a person would read on screen.
@Suite struct ViewTests {
    let entries = [Fixtures.image("cobra.jpg"), Fixtures.image("damaged.jpg")]

    func classified(_ prediction: Prediction, columns: Int = 120, rows: Int = 40) -> AppState {
        var state = Fixtures.state(entries, columns: columns, rows: rows)
        _ = Reducer.reduce(&state, event: .classified(entries[0].itemKey!, .success(prediction)), now: 0)
        return state
    }

    @Test func panelRanksSpeciesWithDangerMarkerAndSafetyLine() throws {
        let state = classified(Fixtures.prediction())
        let canvas = TextCanvas(columns: 120, rows: 40)
        FrameView.draw(state, on: canvas)
        let species = canvas.lines.filter {
            $0.contains("Naja naja") || $0.contains("Python sebae") || $0.contains("Thamnophis")
        }
        try #require(species.count == 3, "\(canvas.text)")
        #expect(species.first?.contains("Indian cobra") == true)
        #expect(species.first?.contains("91.0%") == true)
        #expect(species.first?.contains("⚠ VENOMOUS") == true)
        #expect(species[1].contains("constrictor") && !species[1].contains("VENOMOUS"))
        #expect(canvas.text.contains("SNAKE  95.0% snake probability"))
        // Fixtures.prediction has risk dangerous: the warning follows the risk.
        #expect(canvas.text.contains("⚠ Likely a dangerous venomous snake (Indian cobra"))
        #expect(canvas.text.contains("Never handle a snake"))
        #expect(canvas.text.contains("Top 5 model labels"))
        #expect(canvas.style(of: "⚠ VENOMOUS") == .danger)
        #expect(canvas.style(of: "SNAKE ") == .snake)
        #expect(canvas.text.contains("cobra.jpg · JPEG · 2 KB"))
    }

    @Test func asciiGlyphsInNonUTF8Locales() {
        let state = classified(Fixtures.prediction())
        let canvas = TextCanvas(columns: 120, rows: 40, glyphs: .ascii)
        FrameView.draw(state, on: canvas)
        #expect(canvas.text.contains("[!] VENOMOUS"))
        #expect(canvas.text.allSatisfy { $0.isASCII })
    }

    @Test func notASnakeHidesSpecies() {
        let state = classified(Fixtures.prediction(snake: 0.02, verdict: .notSnake))
        let canvas = TextCanvas(columns: 120, rows: 40)
        FrameView.draw(state, on: canvas)
        #expect(canvas.text.contains("NOT A SNAKE"))
        #expect(!canvas.text.contains("Naja naja"))
        #expect(canvas.style(of: "NOT A SNAKE") == .notSnake)
    }

    @Test func shortPanelsKeepTheEssentials() {
        let state = classified(Fixtures.prediction(), columns: 80, rows: 24)
        let canvas = TextCanvas(columns: 80, rows: 24)
        FrameView.draw(state, on: canvas)
        let text = canvas.text
        for needle in ["SNAKE ", "Indian cobra", "rock python", "garter snake", "Never handle"] {
            #expect(text.contains(needle), "missing \(needle)")
        }
        #expect(canvas.lines.count == 24)
    }

    @Test func corruptFilesShowTheirErrorFromThePreview() {
        var state = Fixtures.state(entries)
        _ = Reducer.reduce(&state, action: .move(1), now: 0)
        let error = InferenceError(.corruptImage, source: entries[1].path, reason: "truncated JPEG data")
        _ = Reducer.reduce(&state, event: .previewReady(entries[1].itemKey!, .failure(error)), now: 0)
        let canvas = TextCanvas(columns: 120, rows: 40)
        FrameView.draw(state, on: canvas)
        #expect(canvas.text.contains("ERROR corrupt image"))
        #expect(canvas.text.contains("no preview: truncated JPEG data"))
    }

    @Test func loadingAndClassifyingStates() {
        var state = AppState(
            directory: "/photos", homeDirectory: "/", modelName: "lite0", threads: 2, columns: 100, rows: 30)
        _ = Reducer.reduce(&state, event: .directoryListed(Fixtures.listing(entries)), now: 0)
        let canvas = TextCanvas(columns: 100, rows: 30)
        FrameView.draw(state, on: canvas)
        #expect(canvas.text.contains("loading model…"))
        #expect(canvas.lines.last?.contains("loading model… lite0") == true)
    }

    /// A snake of no species the bundle recognises (the best, a garter snake, holds 30% of the
    /// image) and no dangerous one plausible: "unknown" on every face of the UI.
    @Test func anUnrecognisedSnakeIsUnknownInTheListPanelAndReview() throws {
        let garter = SpeciesProbability(
            label: "garter snake", scientificName: "Thamnophis sirtalis", danger: .harmless, probability: 0.5)
        let king = SpeciesProbability(
            label: "king snake", scientificName: "Lampropeltis getula", danger: .harmless, probability: 0.5)
        let prediction = Fixtures.prediction(snake: 0.6, species: [garter, king])
        try #require(prediction.risk == .unknown)
        var state = classified(prediction)
        let canvas = TextCanvas(columns: 120, rows: 40)
        FrameView.draw(state, on: canvas)
        // The panel wraps the sentence to its width.
        let words = canvas.lines.joined(separator: " ").split(whereSeparator: { $0 == " " || $0 == "│" }).joined(
            separator: " ")
        #expect(
            words.contains("⚠ SnakeID does not recognise this snake's species: treat it as venomous."), "\(canvas.text)"
        )
        #expect(canvas.style(of: "⚠ SnakeID does not") == .danger)
        #expect(canvas.text.contains("⚠ snake"), "\(canvas.text)")  // the list marker
        _ = Reducer.reduce(&state, action: .toggleReview, now: 0)
        let review = TextCanvas(columns: 120, rows: 40)
        FrameView.draw(state, on: review)
        #expect(review.text.contains("⚠ unknown"), "\(review.text)")
    }

    @Test func reviewTableHighlightsLowConfidence() {
        var state = classified(Fixtures.prediction(snake: 0.55, verdict: .unsure))
        _ = Reducer.reduce(&state, action: .toggleReview, now: 0)
        _ = Reducer.reduce(
            &state, event: .classified(entries[1].itemKey!, .success(Fixtures.prediction(source: entries[1].path))),
            now: 0)
        _ = Reducer.reduce(&state, action: .move(1), now: 0)
        let canvas = TextCanvas(columns: 120, rows: 40)
        FrameView.draw(state, on: canvas)
        #expect(canvas.text.contains("Source (2)"))
        #expect(canvas.style(of: "cobra.jpg") == .lowConfidence)
        #expect(canvas.style(of: "damaged.jpg") == .selected)
        #expect(canvas.text.contains("UNSURE"))
    }

    @Test func helpListsEveryBrowserBinding() {
        var state = Fixtures.state(entries)
        _ = Reducer.reduce(&state, action: .toggleHelp, now: 0)
        let canvas = TextCanvas(columns: 120, rows: 40)
        FrameView.draw(state, on: canvas)
        for binding in KeyTable.browse {
            #expect(canvas.text.contains(binding.help), "help lacks \(binding.help)")
        }
        #expect(canvas.text.contains("export to CSV and JSON"))
    }

    @Test func statusLineShowsModelThreadsAPIAndLastError() {
        var state = Fixtures.state(entries)
        _ = Reducer.reduce(&state, event: .serverStarted(host: "127.0.0.1", port: 8008), now: 0)
        _ = Reducer.reduce(&state, event: .exportFailed(path: "/r/x.csv", reason: "disk full"), now: 0)
        let canvas = TextCanvas(columns: 120, rows: 40)
        FrameView.draw(state, on: canvas)
        #expect(
            canvas.lines[39]
                == " test-model · 2 threads │ API http://127.0.0.1:8008 0 req │ error: Export to /r/x.csv failed: disk full"
        )
        #expect(canvas.lines[38] == " Export to /r/x.csv failed: disk full")
    }

    @Test(arguments: [33, 40, 53, 67, 81, 120])  // 33: the panel of a 60-column terminal
    func speciesRowsFitTheirWidthAndKeepScientificNames(width: Int) {
        let species = [
            Fixtures.cobra, Fixtures.python,
            SpeciesProbability(
                label: "green mamba", scientificName: "Dendroaspis angusticeps", danger: .dangerous, probability: 0.01),
        ]
        let rows = SpeciesRows(species: species, width: width, glyphs: .unicode)
        for entry in species {
            let text = rows.spans(for: entry).map(\.text).joined()
            #expect(TextWidth.of(text) <= width, "\(width): \(text)")
            #expect(text.contains(entry.label))
            if width >= 53 { #expect(text.contains(entry.scientificName.prefix(9)), "\(width): \(text)") }
            if width >= 67 { #expect(text.contains(Glyphs.unicode.barFull) || text.contains(Glyphs.unicode.barEmpty)) }
        }
    }
}
