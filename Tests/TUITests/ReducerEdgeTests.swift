import Inference
import Testing

@testable import TUI

/// The rough edges found in the trial (issue 13), one test each, through the reducer and views.
@Suite struct ReducerEdgeTests {
    let entries = [Fixtures.image("a.jpg"), Fixtures.image("b.jpg"), Fixtures.image("c.jpg")]
    var keys: [ItemKey] { entries.map { $0.itemKey! } }

    func draw(_ state: AppState, columns: Int = 120, rows: Int = 40) -> TextCanvas {
        let canvas = TextCanvas(columns: columns, rows: rows)
        FrameView.draw(state, on: canvas)
        return canvas
    }

    @Test func helpScrollsToItsLastLineAt80x24() {
        var state = Fixtures.state(entries, columns: 80, rows: 24)
        _ = Reducer.reduce(&state, action: .toggleHelp, now: 0)
        #expect(!draw(state, columns: 80, rows: 24).text.contains("Ctrl-C"))
        #expect(draw(state, columns: 80, rows: 24).text.contains("more: j/Space"))
        let last = HelpContent.maxScroll(columns: 80, rows: 24)
        #expect(last > 0)
        #expect(KeyTable.action(for: .key(.character("j")), in: .help) == .move(1))
        _ = Reducer.reduce(&state, action: .movePage(1), now: 0)
        #expect(state.helpScroll > 0 && state.helpScroll <= last)
        #expect(draw(state, columns: 80, rows: 24).lines.contains { $0.contains("q Ctrl-C") && $0.contains("quit") })
        _ = Reducer.reduce(&state, action: .moveToBottom, now: 0)
        _ = Reducer.reduce(&state, action: .move(5), now: 0)
        #expect(state.helpScroll == last)
        let text = draw(state, columns: 80, rows: 24).text
        #expect(text.contains("--allow-private-urls") && !text.contains("more: j/Space"))
        // The prompts' keys come last but for the notes (the review and labelling keys above them).
        #expect(text.contains("complete (labels)"))
        // Another key closes it, and it opens at the top again.
        _ = Reducer.reduce(&state, action: .cancel, now: 0)
        #expect(!state.showsHelp && state.helpScroll == 0)
    }

    @Test func helpFitsWithoutScrollingWhenTheScreenIsLarge() {
        #expect(HelpContent.maxScroll(columns: 160, rows: 48) == 0)
    }

    @Test func errorsLeaveTheStatusLineOnSuccessOrAfterAWhile() {
        var state = Fixtures.state(entries)
        let bad = InferenceError(.corruptImage, source: keys[0].source, reason: "truncated")
        _ = Reducer.reduce(&state, event: .classified(keys[0], .failure(bad)), now: 10)
        #expect(state.lastError != nil && state.errorExpiry == 10 + AppState.errorLifetime)
        _ = Reducer.reduce(&state, event: .classified(keys[1], .success(Fixtures.prediction())), now: 11)
        #expect(state.lastError == nil)

        _ = Reducer.reduce(&state, event: .serverFailed("port 8008 is in use"), now: 20)
        _ = Reducer.tick(&state, now: 21)
        #expect(state.lastError == "API: port 8008 is in use")
        _ = Reducer.tick(&state, now: 20 + AppState.errorLifetime)
        #expect(state.lastError == nil && state.errorExpiry == nil)
    }

    @Test func reSortingKeepsTheSelectedItem() {
        var state = Fixtures.state(entries)
        for (key, snake) in zip(keys, [0.9, 0.1, 0.5]) {
            _ = Reducer.reduce(
                &state, event: .classified(key, .success(Fixtures.prediction(source: key.source, snake: snake))), now: 0
            )
        }
        _ = Reducer.reduce(&state, action: .toggleReview, now: 0)
        _ = Reducer.reduce(&state, action: .move(1), now: 0)
        let selected = state.reviewRows[state.review!.selection].key
        #expect(selected == keys[2])
        for column in [ReviewSort.Column.name, .order, .snakeProbability, .snakeProbability] {
            _ = Reducer.reduce(&state, action: .sortReview(column), now: 0)
            #expect(state.reviewRows[state.review!.selection].key == selected, "after sorting by \(column)")
        }
    }

    @Test func exportAsksWhereAndReportsWhereItWent() {
        var state = Fixtures.state(entries)
        _ = Reducer.reduce(&state, event: .classified(keys[0], .success(Fixtures.prediction())), now: 0)
        #expect(state.unexported == 0)  // one photo looked at is no loss
        _ = Reducer.reduce(&state, action: .classifyFolder, now: 0)
        _ = Reducer.reduce(&state, event: .batchItem(keys[1], .success(Fixtures.prediction())), now: 0)
        #expect(state.unexported == 1)
        _ = Reducer.reduce(&state, action: .toggleReview, now: 0)
        _ = Reducer.reduce(&state, action: .exportReview, now: 0)
        #expect(state.inputContext == .prompt && state.prompt?.text == "~/snakeid-review")
        _ = Reducer.reduce(&state, action: .clearLine, now: 0)
        _ = Reducer.reduce(&state, action: .insert("~/out/run1.csv"), now: 0)
        let effects = Reducer.reduce(&state, action: .submit, now: 0)
        #expect(effects.count == 1)
        guard case .export(let items, let base)? = effects.first else {
            Issue.record("no export: \(effects)")
            return
        }
        #expect(items.count == 2 && base == "/home/me/out/run1")
        #expect(state.review != nil)  // back in the table
        _ = Reducer.reduce(
            &state, event: .exported(csv: "/home/me/out/run1.csv", json: "/home/me/out/run1.json", count: 1), now: 0)
        #expect(state.notice?.text == "Exported 1 row to /home/me/out/run1.csv and /home/me/out/run1.json")
        #expect(state.unexported == 0)
        // The next export offers the path used last.
        _ = Reducer.reduce(&state, action: .exportReview, now: 0)
        #expect(state.prompt?.text == "~/out/run1")
        _ = Reducer.reduce(&state, action: .cancel, now: 0)
        _ = Reducer.reduce(&state, event: .exportFailed(path: "/ro/x.csv", reason: "read-only file system"), now: 0)
        #expect(state.notice == Notice("Export to /ro/x.csv failed: read-only file system", isError: true))
    }

    @Test func countersCountFailuresApartAndWordsArePlural() {
        var state = Fixtures.state(entries)
        _ = Reducer.reduce(&state, event: .classified(keys[0], .success(Fixtures.prediction())), now: 0)
        _ = Reducer.reduce(&state, event: .classified(keys[1], .success(Fixtures.prediction())), now: 0)
        let error = InferenceError(.upstream, source: "http://h/x.jpg", reason: "HTTP 404")
        _ = Reducer.reduce(&state, event: .classified(.url("http://h/x.jpg"), .failure(error)), now: 0)
        #expect(draw(state).lines[39].contains("│ 2 classified, 1 failed"))
        _ = Reducer.reduce(&state, action: .beginURLPrompt, now: 0)
        _ = Reducer.reduce(&state, action: .insert("http://h/x.jpg"), now: 0)
        _ = Reducer.reduce(&state, action: .submit, now: 0)
        _ = Reducer.reduce(&state, event: .fetched(url: "http://h/x.jpg", .failure(error)), now: 0)
        let text = draw(state).text
        #expect(text.contains("ERROR download failed") && !text.contains("upstream"))
        #expect(KeyTable.browse.first { $0.action == .open }?.help == "open folder / classify photo now")
    }

    @Test func aBurstOfTypedURLIsAPasteNotCommands() {
        var assembler = PasteAssembler()
        let url = "https://example.org/snake.jpg"
        let typed = url.map { Key.character($0) }
        #expect(assembler.feed(burst: typed + [.enter]) == [.paste(url), .key(.enter)])
        #expect(assembler.feed(burst: [.character("u")] + typed) == [.key(.character("u")), .paste(url)])
        // Held keys and ordinary words stay keys.
        #expect(assembler.feed(burst: Array(repeating: .character("j"), count: 12)).count == 12)
        #expect(assembler.feed(burst: "hello".map { Key.character($0) }).count == 5)
        // A bracketed paste is still assembled as before.
        #expect(assembler.feed(burst: [.pasteBegin] + typed + [.pasteEnd]) == [.paste(url)])

        var state = Fixtures.state(entries)
        _ = Reducer.reduce(&state, action: .paste(url), now: 0)
        #expect(state.prompt == Prompt(.url, text: url) && state.browser.directory == Fixtures.folder)
    }

    @Test func theFolderIsListedAgainOnAKeyAndWhenItChanges() {
        var state = Fixtures.state(entries)
        #expect(KeyTable.action(for: .key(.control("r")), in: .browse) == .reloadFolder)
        #expect(Reducer.reduce(&state, action: .reloadFolder, now: 0) == [.listDirectory(Fixtures.folder)])
        _ = Reducer.reduce(&state, action: .move(1), now: 0)
        #expect(
            Reducer.reduce(&state, event: .directoryChanged(path: Fixtures.folder), now: 0) == [
                .listDirectory(Fixtures.folder)
            ])
        #expect(Reducer.reduce(&state, event: .directoryChanged(path: "/elsewhere"), now: 0).isEmpty)
        let added = Fixtures.image("aa.jpg")
        _ = Reducer.reduce(&state, event: .directoryListed(Fixtures.listing(entries + [added])), now: 0)
        #expect(state.browser.visibleEntries.count == 4 && state.browser.selectedEntry?.name == "b.jpg")
    }

    @Test func welcomePanelWhenNoFolderWasGivenAndThereAreNoPhotos() {
        var state = AppState(
            directory: "/repo", homeDirectory: "/home/me", modelName: "m", threads: 2, columns: 120, rows: 40,
            offersWelcome: true)
        _ = Reducer.reduce(
            &state,
            event: .directoryListed(Fixtures.listing([Fixtures.subfolder("Sources", in: "/repo")], path: "/repo")),
            now: 0)
        #expect(state.showsWelcome)
        let text = draw(state).text
        #expect(text.contains("Welcome to SnakeID") && text.contains("go to your home folder"))
        #expect(text.contains("There are no photos in /repo"))
        // Esc just closes it; `~` closes it and goes home.
        #expect(Reducer.reduce(&state, action: .cancel, now: 0).isEmpty)
        #expect(!state.showsWelcome)
        state.showsWelcome = true
        #expect(Reducer.reduce(&state, action: .goHome, now: 0) == [.listDirectory("/home/me")])
        #expect(!state.showsWelcome)
        // Only the first listing may open it, and only without images.
        _ = Reducer.reduce(&state, event: .directoryListed(Fixtures.listing([], path: "/home/me")), now: 0)
        #expect(!state.showsWelcome)
        var photos = AppState(
            directory: Fixtures.folder, homeDirectory: "/home/me", modelName: "m", threads: 2, columns: 120, rows: 40,
            offersWelcome: true)
        _ = Reducer.reduce(&photos, event: .directoryListed(Fixtures.listing(entries)), now: 0)
        #expect(!photos.showsWelcome)
    }

    @Test func quitAsksOnceWhileTheAPIServesOrResultsAreUnexported() {
        var state = Fixtures.state(entries)
        _ = Reducer.reduce(&state, event: .serverStarted(host: "127.0.0.1", port: 8008), now: 0)
        _ = Reducer.reduce(&state, action: .quit, now: 0)
        #expect(!state.shouldQuit)
        #expect(state.notice?.text == "Quit? the API is serving: q again quits, any other key stays")
        _ = Reducer.reduce(&state, action: .move(1), now: 0)  // stays
        _ = Reducer.reduce(&state, action: .quit, now: 0)
        #expect(!state.shouldQuit)
        _ = Reducer.reduce(&state, action: .quit, now: 0)
        #expect(state.shouldQuit)

        var results = Fixtures.state(entries)
        _ = Reducer.reduce(&results, action: .classifyFolder, now: 0)
        _ = Reducer.reduce(&results, event: .batchItem(keys[0], .success(Fixtures.prediction())), now: 0)
        _ = Reducer.reduce(&results, action: .quit, now: 0)
        #expect(results.notice?.text.contains("1 result not exported") == true && !results.shouldQuit)
        _ = Reducer.reduce(&results, event: .exported(csv: "/x.csv", json: "/x.json", count: 1), now: 0)
        _ = Reducer.reduce(&results, action: .quit, now: 0)
        #expect(results.shouldQuit)
    }
}
