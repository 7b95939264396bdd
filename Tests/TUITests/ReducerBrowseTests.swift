import Inference
import Testing

@testable import TUI

/// Browsing, previews, debounced classification and the cache, through the reducer alone.
@Suite struct ReducerBrowseTests {
    let entries = [
        Fixtures.subfolder("archive"), Fixtures.image("a.jpg"), Fixtures.image("b.jpg"), Fixtures.image("c.jpg"),
        Fixtures.image(".secret.jpg"),
    ]

    @Test func listingSelectsFirstEntryFoldersFirstAndHidesDotFiles() {
        let state = Fixtures.state(entries)
        #expect(state.browser.visibleEntries.map(\.name) == ["archive", "a.jpg", "b.jpg", "c.jpg"])
        #expect(state.subject == .entry(entries[0]))
        #expect(state.pending == nil)  // a folder is not classified
    }

    @Test func selectingAnImagePreviewsAtOnceAndClassifiesAfterTheDebounce() {
        var state = Fixtures.state(entries)
        let key = entries[1].itemKey!
        let effects = Reducer.reduce(&state, action: .move(1), now: 10)
        #expect(effects == [.loadPreview(key)])
        #expect(Reducer.tick(&state, now: 10 + state.debounce / 2).isEmpty)
        #expect(state.nextDeadline == 10 + state.debounce)
        #expect(Reducer.tick(&state, now: 10 + state.debounce) == [.classify(key)])
        #expect(state.classifying.contains(key))
        #expect(Reducer.tick(&state, now: 20).isEmpty)
    }

    @Test func movingOnBeforeTheDebounceClassifiesOnlyWhereTheSelectionRests() {
        var state = Fixtures.state(entries)
        _ = Reducer.reduce(&state, action: .move(1), now: 10)
        _ = Reducer.reduce(&state, action: .move(1), now: 10.05)
        let effects = Reducer.reduce(&state, action: .move(1), now: 10.1)
        #expect(effects == [.loadPreview(entries[3].itemKey!)])
        #expect(Reducer.tick(&state, now: 11) == [.classify(entries[3].itemKey!)])
    }

    @Test func resultsAreCachedByPathAndModificationTime() {
        var state = Fixtures.state(entries)
        let key = entries[1].itemKey!
        _ = Reducer.reduce(&state, action: .move(1), now: 0)
        _ = Reducer.tick(&state, now: 1)
        _ = Reducer.reduce(
            &state, event: .previewReady(key, .success(RGBImage(width: 1, height: 1, pixels: [1, 2, 3]))), now: 1)
        _ = Reducer.reduce(&state, event: .classified(key, .success(Fixtures.prediction(source: key.source))), now: 1)
        #expect(state.subjectResult != nil)

        // Away and back: no new preview, no new classification.
        _ = Reducer.reduce(&state, action: .move(1), now: 2)
        #expect(Reducer.reduce(&state, action: .move(-1), now: 3).isEmpty)
        #expect(state.pending == nil)

        // The file changed on disk: previewed and classified again.
        var edited = entries
        edited[1].modified = 999
        let effects = Reducer.reduce(&state, event: .directoryListed(Fixtures.listing(edited)), now: 4)
        #expect(effects == [.loadPreview(edited[1].itemKey!)])
        #expect(state.subjectResult == nil)
        #expect(Reducer.tick(&state, now: 5) == [.classify(edited[1].itemKey!)])
    }

    @Test func cancelledPreviewsAreAskedForAgain() {
        var state = Fixtures.state(entries)
        let key = entries[1].itemKey!
        _ = Reducer.reduce(&state, action: .move(1), now: 0)
        _ = Reducer.reduce(&state, action: .move(1), now: 0)
        let cancelled = InferenceError(.cancelled, source: key.source, reason: "overtaken")
        _ = Reducer.reduce(&state, event: .previewReady(key, .failure(cancelled)), now: 0)
        #expect(Reducer.reduce(&state, action: .move(-1), now: 1) == [.loadPreview(key)])
    }

    @Test func selectionSurvivesGoingUpAndBack() {
        var state = Fixtures.state(entries)
        #expect(Reducer.reduce(&state, action: .open, now: 0) == [.listDirectory("/photos/archive")])
        #expect(state.browser.isLoading && state.subject == nil)
        let inside = [Fixtures.image("x.jpg", in: "/photos/archive"), Fixtures.image("y.jpg", in: "/photos/archive")]
        _ = Reducer.reduce(&state, event: .directoryListed(Fixtures.listing(inside, path: "/photos/archive")), now: 0)
        _ = Reducer.reduce(&state, action: .move(1), now: 0)
        #expect(state.browser.selectedEntry?.name == "y.jpg")

        #expect(Reducer.reduce(&state, action: .goUp, now: 0) == [.listDirectory("/photos")])
        _ = Reducer.reduce(&state, event: .directoryListed(Fixtures.listing(entries)), now: 0)
        #expect(state.browser.selectedEntry?.name == "archive")

        _ = Reducer.reduce(&state, action: .open, now: 0)
        _ = Reducer.reduce(&state, event: .directoryListed(Fixtures.listing(inside, path: "/photos/archive")), now: 0)
        #expect(state.browser.selectedEntry?.name == "y.jpg")
    }

    @Test func staleListingsAreIgnoredAndFailuresGoBack() {
        var state = Fixtures.state(entries)
        _ = Reducer.reduce(&state, action: .open, now: 0)
        _ = Reducer.reduce(&state, event: .directoryListed(Fixtures.listing(entries)), now: 0)
        #expect(state.browser.isLoading)
        let effects = Reducer.reduce(
            &state, event: .directoryFailed(path: "/photos/archive", reason: "permission denied"), now: 0)
        #expect(effects == [.listDirectory("/photos")])
        #expect(state.lastError == "Cannot open /photos/archive: permission denied")
        _ = Reducer.reduce(&state, event: .directoryListed(Fixtures.listing(entries)), now: 0)
        #expect(state.browser.selectedEntry?.name == "archive")
    }

    @Test func homeAndRootAndHiddenFiles() {
        var state = Fixtures.state(entries)
        #expect(Reducer.reduce(&state, action: .goHome, now: 0) == [.listDirectory("/home/me")])
        var root = AppState(directory: "/", homeDirectory: "/", modelName: "m", threads: 1, columns: 80, rows: 24)
        #expect(Reducer.reduce(&root, action: .goUp, now: 0).isEmpty)

        var hidden = Fixtures.state(entries)
        _ = Reducer.reduce(&hidden, action: .toggleHidden, now: 0)
        #expect(hidden.browser.visibleEntries.map(\.name).contains(".secret.jpg"))
        #expect(hidden.notice?.text == "Showing hidden files")
    }

    @Test func filterNarrowsAsTypedEscClearsEnterKeeps() {
        var state = Fixtures.state(entries)
        _ = Reducer.reduce(&state, action: .beginFilter, now: 0)
        #expect(state.inputContext == .prompt)
        _ = Reducer.reduce(&state, action: .insert("B"), now: 0)
        #expect(state.browser.visibleEntries.map(\.name) == ["b.jpg"])
        #expect(state.subject == .entry(entries[2]))
        _ = Reducer.reduce(&state, action: .cancel, now: 0)
        #expect(state.browser.visibleEntries.count == 4 && state.prompt == nil)

        _ = Reducer.reduce(&state, action: .beginFilter, now: 0)
        _ = Reducer.reduce(&state, action: .insert("c."), now: 0)
        _ = Reducer.reduce(&state, action: .submit, now: 0)
        #expect(state.browser.filter == "c." && state.inputContext == .browse)
        _ = Reducer.reduce(&state, action: .cancel, now: 0)
        #expect(state.browser.filter.isEmpty)
    }

    @Test func pagingAndScrollingKeepTheSelectionVisible() {
        let many = (0..<100).map { Fixtures.image(String(format: "img%03d.jpg", $0)) }
        var state = Fixtures.state(many, columns: 80, rows: 24)
        let rows = state.layout.browserRows
        _ = Reducer.reduce(&state, action: .movePage(1), now: 0)
        #expect(state.browser.selection == rows - 1)
        _ = Reducer.reduce(&state, action: .moveToBottom, now: 0)
        #expect(state.browser.selection == 99 && state.browser.scrollTop == 100 - rows)
        _ = Reducer.reduce(&state, event: .resized(columns: 80, rows: 40), now: 0)
        #expect(state.browser.scrollTop == 100 - state.layout.browserRows)
        _ = Reducer.reduce(&state, action: .moveToTop, now: 0)
        #expect(state.browser.selection == 0 && state.browser.scrollTop == 0)
    }
}
