import Testing

@testable import TUI

/// File names in the order of Finder and `ls -v`, and the hints line at narrow widths.
@Suite struct NaturalOrderTests {
    @Test func numbersInNamesCompareAsNumbersWithCaseFolded() {
        let names = ["189_a.jpg", "18_b.jpg", "a10.jpg", "B2.jpg", "a2.jpg", "A3.jpg", "2.jpg", "10.jpg"]
        let listing = Fixtures.listing(
            names.map { Fixtures.image($0) } + [Fixtures.subfolder("z9"), Fixtures.subfolder("Z10")])
        #expect(
            listing.entries.map(\.name) == [
                "z9", "Z10", "2.jpg", "10.jpg", "18_b.jpg", "189_a.jpg", "a2.jpg", "A3.jpg", "a10.jpg", "B2.jpg",
            ])
    }

    @Test func namesEqualButForCaseStillHaveOneOrder() {
        let forward = Fixtures.listing([Fixtures.image("snake.jpg"), Fixtures.image("Snake.jpg")])
        let backward = Fixtures.listing([Fixtures.image("Snake.jpg"), Fixtures.image("snake.jpg")])
        #expect(forward.entries.map(\.name) == backward.entries.map(\.name))
        #expect(forward.entries.count == 2)
    }

    @Test func reviewTableSortsNamesNaturally() {
        let names = ["189_a.jpg", "18_b.jpg", "a10.jpg", "a2.jpg"]
        var state = Fixtures.state(names.map { Fixtures.image($0) })
        for name in names {
            let key = Fixtures.image(name).itemKey!
            _ = Reducer.reduce(
                &state, event: .classified(key, .success(Fixtures.prediction(source: key.source))), now: 0)
        }
        _ = Reducer.reduce(&state, action: .toggleReview, now: 0)
        _ = Reducer.reduce(&state, action: .sortReview(.name), now: 0)
        #expect(state.reviewRows.map(\.key.displayName) == ["18_b.jpg", "189_a.jpg", "a2.jpg", "a10.jpg"])
    }

    @Test(arguments: [80, 60, 40, 20, 8])
    func hintsDropWholeHintsAndKeepHelp(columns: Int) {
        let state = Fixtures.state([Fixtures.image("a.jpg")], columns: max(columns, 80), rows: 24)
        let all = MessageView.hintList(state, glyphs: .unicode)
        let kept = MessageView.fitted(all, width: columns)
        #expect(kept.contains { $0.key == "?" && $0.text == "help" })
        // What stays is a sub-sequence of the full list, within the width unless only help is left.
        #expect(kept.allSatisfy { hint in all.contains(hint) })
        #expect(kept.map(\.width).reduce(0, +) <= columns || kept.count == 1)
        // Nothing dropped outranks something kept (apart from help).
        let dropped = all.filter { !kept.contains($0) }
        let lowestKept = kept.filter { !$0.keepsAlways }.map(\.priority).min() ?? Int.max
        #expect(dropped.allSatisfy { $0.priority < lowestKept })
        if columns == 80 { #expect(!dropped.isEmpty, "the full hints line is wider than 80 columns") }
    }

    @Test func hintsLineAt80ColumnsEndsOnAWholeHint() throws {
        let state = Fixtures.state([Fixtures.image("a.jpg")], columns: 80, rows: 24)
        let canvas = TextCanvas(columns: 80, rows: 24)
        FrameView.draw(state, on: canvas)
        let line = try #require(canvas.lines.first { $0.contains("? help") })
        #expect(!line.contains("…"), "\(line)")
        #expect(line.contains("q quit"))
        let words = MessageView.fitted(MessageView.hintList(state, glyphs: .unicode), width: 80)
        for hint in words { #expect(line.contains("\(hint.key) \(hint.text)"), "\(line)") }
    }
}
