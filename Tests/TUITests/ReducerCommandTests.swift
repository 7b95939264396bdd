import Inference
import Testing

@testable import TUI

/// URL prompt, whole-folder runs, the review table and the API toggle, through the reducer.
@Suite struct ReducerCommandTests {
    let entries = [Fixtures.image("a.jpg"), Fixtures.image("b.jpg"), Fixtures.image("c.jpg")]

    @Test func urlPromptDownloadsPreviewsAndClassifies() {
        var state = Fixtures.state(entries)
        _ = Reducer.reduce(&state, action: .beginURLPrompt, now: 0)
        _ = Reducer.reduce(&state, action: .insert("http://127.0.0.1:9/cobra.jpg"), now: 0)
        let url = "http://127.0.0.1:9/cobra.jpg"
        #expect(Reducer.reduce(&state, action: .submit, now: 0) == [.fetch(url)])
        #expect(state.subject == .url(url) && state.fetch?.url == url)
        _ = Reducer.reduce(&state, event: .fetchProgress(url: url, received: 10, expected: 40), now: 0)
        #expect(state.fetch?.received == 10 && state.fetch?.expected == 40)
        let effects = Reducer.reduce(&state, event: .fetched(url: url, .success([1, 2])), now: 0)
        #expect(effects == [.loadPreviewBytes(.url(url), [1, 2]), .classifyBytes(.url(url), [1, 2])])
        #expect(state.fetch == nil && state.subjectIsClassifying)
        _ = Reducer.reduce(&state, event: .classified(.url(url), .success(Fixtures.prediction(source: url))), now: 0)
        #expect(state.subjectResult != nil)
        // The URL stays shown until the selection moves.
        #expect(Reducer.reduce(&state, action: .toggleHidden, now: 0).isEmpty)
        #expect(state.subject == .url(url))
        _ = Reducer.reduce(&state, action: .move(1), now: 0)
        #expect(state.subject == .entry(entries[1]))
    }

    @Test func badURLsAndFailedDownloadsAreReported() {
        var state = Fixtures.state(entries)
        _ = Reducer.reduce(&state, action: .beginURLPrompt, now: 0)
        _ = Reducer.reduce(&state, action: .insert("ftp://x"), now: 0)
        #expect(Reducer.reduce(&state, action: .submit, now: 0).isEmpty)
        #expect(state.notice == Notice("Not an http(s) URL: ftp://x", isError: true))

        let url = "http://127.0.0.1:9/missing.jpg"
        _ = Reducer.reduce(&state, action: .paste(url + "\n"), now: 0)
        #expect(state.prompt == Prompt(.url, text: url))
        _ = Reducer.reduce(&state, action: .submit, now: 0)
        let error = InferenceError(.upstream, source: url, reason: "HTTP 404")
        _ = Reducer.reduce(&state, event: .fetched(url: url, .failure(error)), now: 0)
        #expect(state.subjectResult == .failure(error))
        #expect(state.lastError == "\(url): HTTP 404")
    }

    @Test func escCancelsTheDownload() {
        var state = Fixtures.state(entries)
        _ = Reducer.reduce(&state, action: .paste("http://h/x.jpg"), now: 0)
        _ = Reducer.reduce(&state, action: .submit, now: 0)
        #expect(Reducer.reduce(&state, action: .cancel, now: 0) == [.cancelFetch])
        #expect(state.fetch == nil)
        // A late answer is dropped.
        #expect(Reducer.reduce(&state, event: .fetched(url: "http://h/x.jpg", .success([1])), now: 0).isEmpty)
    }

    @Test func classifyFolderSkipsCachedImagesCountsAndCancels() {
        var state = Fixtures.state(entries)
        let keys = entries.map { $0.itemKey! }
        _ = Reducer.reduce(&state, event: .classified(keys[0], .success(Fixtures.prediction())), now: 0)
        #expect(Reducer.reduce(&state, action: .classifyFolder, now: 0) == [.classifyBatch([keys[1], keys[2]])])
        #expect(state.batch == BatchProgress(total: 2, cached: 1))
        #expect(Reducer.reduce(&state, action: .classifyFolder, now: 0).isEmpty)
        _ = Reducer.reduce(
            &state, event: .batchItem(keys[1], .success(Fixtures.prediction(source: keys[1].source))), now: 0)
        #expect(state.batch?.done == 1 && state.batch?.snakes == 1)
        #expect(Reducer.reduce(&state, action: .cancel, now: 0) == [.cancelBatch])
        #expect(state.batch?.isCancelling == true)
        _ = Reducer.reduce(&state, event: .batchFinished(cancelled: true), now: 0)
        #expect(state.batch == nil && !state.classifying.contains(keys[2]))
        #expect(state.notice?.text == "Cancelled after 1 of 2 images (folder): 1 snake, 0 failed")
        #expect(Reducer.reduce(&state, action: .classifyFolder, now: 0) == [.classifyBatch([keys[2]])])
    }

    @Test func reviewSortsJumpsAndExports() {
        var state = Fixtures.state(entries)
        let keys = entries.map { $0.itemKey! }
        _ = Reducer.reduce(
            &state, event: .classified(keys[0], .success(Fixtures.prediction(source: keys[0].source, snake: 0.99))),
            now: 0)
        _ = Reducer.reduce(
            &state,
            event: .classified(
                keys[1], .success(Fixtures.prediction(source: keys[1].source, snake: 0.5, verdict: .unsure))), now: 0)
        _ = Reducer.reduce(
            &state,
            event: .classified(keys[2], .failure(InferenceError(.corruptImage, source: keys[2].source, reason: "bad"))),
            now: 0)
        _ = Reducer.reduce(&state, action: .toggleReview, now: 0)
        #expect(state.inputContext == .review)
        #expect(state.reviewRows.map(\.key) == [keys[2], keys[1], keys[0]])  // least confident first
        #expect(state.reviewRows.map(\.isLowConfidence) == [false, true, false])
        _ = Reducer.reduce(&state, action: .sortReview(.snakeProbability), now: 0)
        #expect(state.reviewRows.map(\.key) == [keys[0], keys[1], keys[2]])
        _ = Reducer.reduce(&state, action: .sortReview(.name), now: 0)
        #expect(state.reviewRows.map(\.key.displayName) == ["a.jpg", "b.jpg", "c.jpg"])

        #expect(Reducer.reduce(&state, action: .exportReview, now: 0).isEmpty)
        #expect(state.prompt == Prompt(.exportPath, text: "~/snakeid-review"))
        let export = Reducer.reduce(&state, action: .submit, now: 0)
        #expect(export.count == 1)
        if case .export(let items, let base)? = export.first {
            #expect(items.map(\.source) == keys.map(\.source))
            #expect(base == "/home/me/snakeid-review")
        }

        _ = Reducer.reduce(&state, action: .moveToTop, now: 0)
        _ = Reducer.reduce(&state, action: .move(1), now: 0)
        _ = Reducer.reduce(&state, action: .jumpToReviewItem, now: 0)
        #expect(state.review == nil && state.browser.selectedEntry?.name == "b.jpg")
        #expect(state.subject == .entry(entries[1]))
    }

    @Test func reviewJumpToAnotherFolderListsIt() {
        var state = Fixtures.state(entries)
        let elsewhere = ItemKey.file(path: "/other/z.jpg", modified: 1)
        _ = Reducer.reduce(&state, event: .classified(elsewhere, .success(Fixtures.prediction())), now: 0)
        _ = Reducer.reduce(&state, action: .toggleReview, now: 0)
        #expect(Reducer.reduce(&state, action: .jumpToReviewItem, now: 0) == [.listDirectory("/other")])
        _ = Reducer.reduce(
            &state,
            event: .directoryListed(
                Fixtures.listing(
                    [Fixtures.image("y.jpg", in: "/other"), Fixtures.image("z.jpg", in: "/other")], path: "/other")),
            now: 0)
        #expect(state.browser.selectedEntry?.name == "z.jpg")
    }

    @Test func serverStartsFromThePromptAndStops() {
        var state = Fixtures.state(entries)
        _ = Reducer.reduce(&state, action: .toggleServer, now: 0)
        #expect(state.prompt == Prompt(.serverAddress, text: "127.0.0.1:8008"))
        _ = Reducer.reduce(&state, action: .clearLine, now: 0)
        _ = Reducer.reduce(&state, action: .insert("127.0.0.1:0"), now: 0)
        #expect(Reducer.reduce(&state, action: .submit, now: 0) == [.startServer(host: "127.0.0.1", port: 0)])
        #expect(Reducer.reduce(&state, action: .toggleServer, now: 0).isEmpty)  // busy starting
        _ = Reducer.reduce(&state, event: .serverStarted(host: "127.0.0.1", port: 41234), now: 0)
        _ = Reducer.reduce(&state, event: .serverRequests(3), now: 0)
        #expect(state.server == .running(host: "127.0.0.1", port: 41234, requests: 3))
        #expect(StatusView.apiText(state.server) == "API http://127.0.0.1:41234 3 req")
        #expect(Reducer.reduce(&state, action: .toggleServer, now: 0) == [.stopServer])
        _ = Reducer.reduce(&state, event: .serverStopped, now: 0)
        #expect(state.server == .stopped)
        _ = Reducer.reduce(&state, action: .toggleServer, now: 0)
        #expect(state.prompt?.text == "127.0.0.1:0")
    }

    @Test func serverFailuresAndBadAddresses() {
        var state = Fixtures.state(entries)
        _ = Reducer.reduce(&state, action: .toggleServer, now: 0)
        _ = Reducer.reduce(&state, action: .clearLine, now: 0)
        _ = Reducer.reduce(&state, action: .insert("host:99999"), now: 0)
        #expect(Reducer.reduce(&state, action: .submit, now: 0).isEmpty)
        #expect(state.notice?.isError == true)
        _ = Reducer.reduce(&state, event: .serverFailed("address in use"), now: 0)
        #expect(state.lastError == "API: address in use" && state.server == .stopped)
    }

    @Test(arguments: [
        ("", "127.0.0.1", 8008), ("9000", "127.0.0.1", 9000), ("0.0.0.0:80", "0.0.0.0", 80),
        ("localhost", "localhost", 8008),
        ("[::1]:8080", "::1", 8080), (" 127.0.0.1:0 ", "127.0.0.1", 0),
    ])
    func addressesParse(text: String, host: String, port: Int) throws {
        let address = try #require(parseAddress(text, defaultHost: "127.0.0.1", defaultPort: 8008))
        #expect(address.host == host && address.port == port)
    }

    @Test(arguments: ["host:x", "a b", ":80", "70000"])
    func badAddressesDoNotParse(text: String) {
        #expect(parseAddress(text, defaultHost: "127.0.0.1", defaultPort: 8008) == nil)
    }

    @Test func modelFailureIsShownAndBlocksTheBatch() {
        var state = Fixtures.state(entries)
        _ = Reducer.reduce(&state, event: .modelFailed("cannot load libtorch"), now: 0)
        #expect(Reducer.reduce(&state, action: .classifyFolder, now: 0).isEmpty)
        #expect(state.notice?.text == "Cannot classify: cannot load libtorch")
        #expect(state.lastError == "cannot load libtorch")
    }

    @Test func quitAndHelp() {
        var state = Fixtures.state(entries)
        _ = Reducer.reduce(&state, action: .toggleHelp, now: 0)
        #expect(state.inputContext == .help)
        _ = Reducer.reduce(&state, action: .toggleHelp, now: 0)
        _ = Reducer.reduce(&state, action: .quit, now: 0)
        #expect(state.shouldQuit)
    }
}

/// `x`: where the model looked, over the preview.
struct ReducerMapTests {
    let entries = [Fixtures.image("a.jpg"), Fixtures.image("b.jpg")]
    @Test func togglingTheMapAsksForTheSubjectsMapOnceAndShowsIt() throws {
        var state = Fixtures.state(entries, columns: 120, rows: 40)
        let key = try #require(state.subject?.key)
        #expect(KeyTable.action(for: .key(.character("x")), in: .browse) == .toggleMap)
        let effects = Reducer.reduce(&state, action: .toggleMap, now: 0)
        #expect(state.showsMap)
        #expect(effects == [.explain(key)])
        #expect(state.explaining.contains(key))
        // Toggling off and on again while it computes asks nothing more.
        _ = Reducer.reduce(&state, action: .toggleMap, now: 0)
        #expect(Reducer.reduce(&state, action: .toggleMap, now: 0).isEmpty)
        let map = RGBImage(width: 2, height: 1, pixels: [255, 0, 0, 0, 0, 255])
        _ = Reducer.reduce(&state, event: .explained(key, .success(map)), now: 0)
        #expect(!state.explaining.contains(key))
        #expect(state.maps[key] == .success(map))
        let canvas = TextCanvas(columns: 120, rows: 40)
        FrameView.draw(state, on: canvas)
        #expect(canvas.text.contains("map: red = covering it changed the answer most"))
    }

    @Test func movingWithTheMapOnAsksForTheNewSubjectsMap() throws {
        var state = Fixtures.state(entries, columns: 120, rows: 40)
        _ = Reducer.reduce(&state, action: .toggleMap, now: 0)
        let effects = Reducer.reduce(&state, action: .move(1), now: 0)
        let key = try #require(state.subject?.key)
        #expect(effects.contains(.explain(key)))
    }

    @Test func theMapIsInTheHelp() {
        #expect(KeyTable.browse.contains { $0.action == .toggleMap && $0.help.contains("where the model looked") })
    }
}
