import Inference
import Testing

@testable import TUI

/// `M`: picking a model, the switch, stale results classified again on demand.
@Suite struct ReducerModelTests {
    let entries = [Fixtures.image("a.jpg"), Fixtures.image("b.jpg")]
    let saved = ModelChoice(name: "mozsnake", directory: "/data/snakeid/bundles/mozsnake")

    func state() -> AppState {
        var state = Fixtures.state(entries)
        _ = Reducer.reduce(&state, event: .modelsListed([saved]), now: 0)
        return state
    }

    func classify(_ state: inout AppState, _ entry: DirectoryEntry, now: Double = 0) {
        let key = entry.itemKey!
        state.classifying.insert(key)
        _ = Reducer.reduce(&state, event: .classified(key, .success(Fixtures.prediction(source: key.source))), now: now)
    }

    @Test func mOffersTheStartingBundleAndTheSavedOnes() {
        var state = state()
        let effects = Reducer.reduce(&state, action: .pickModel, now: 1)
        #expect(effects == [.listModels(folder: state.models.bundlesFolder)])
        #expect(state.prompt?.purpose == .model)
        #expect(state.prompt?.completions == ["test-model", "mozsnake"])
        let other = ModelChoice(name: "other", directory: "/b/other")
        _ = Reducer.reduce(&state, event: .modelsListed([saved, other]), now: 1)
        #expect(state.prompt?.completions == ["test-model", "mozsnake", "other"])
    }

    @Test func choosingAModelLoadsItWhileTheOldOneAnswers() {
        var state = state()
        _ = Reducer.reduce(&state, action: .pickModel, now: 1)
        _ = Reducer.reduce(&state, action: .insert("moz"), now: 1)
        _ = Reducer.reduce(&state, action: .complete, now: 1)
        #expect(state.prompt?.text == "mozsnake")
        #expect(Reducer.reduce(&state, action: .submit, now: 1) == [.switchModel(saved)])
        #expect(state.models.pending == saved)
        #expect(state.model == .ready(name: "test-model", threads: 2))
        let canvas = TextCanvas(columns: 120, rows: 40)
        FrameView.draw(state, on: canvas)
        #expect(canvas.lines[39].contains("test-model · 2 threads · loading mozsnake…"), "\(canvas.lines[39])")
        // A second M waits for the switch.
        _ = Reducer.reduce(&state, action: .pickModel, now: 2)
        #expect(state.prompt == nil)
        #expect(state.notice?.text == "Already switching to mozsnake")
    }

    @Test func unknownOrCurrentModelsAreNotLoaded() {
        var state = state()
        _ = Reducer.reduce(&state, action: .pickModel, now: 1)
        for character in "nope" { _ = Reducer.reduce(&state, action: .insert(String(character)), now: 1) }
        #expect(Reducer.reduce(&state, action: .submit, now: 1).isEmpty)
        #expect(state.notice?.text == "No model named \"nope\": test-model, mozsnake")
        _ = Reducer.reduce(&state, action: .pickModel, now: 1)
        for character in "test-model" { _ = Reducer.reduce(&state, action: .insert(String(character)), now: 1) }
        #expect(Reducer.reduce(&state, action: .submit, now: 1).isEmpty)
        #expect(state.notice?.text == "Already classifying with test-model")
        #expect(state.models.pending == nil)
    }

    @Test func afterASwitchEarlierResultsAreStaleAndClassifiedAgainWhenShown() throws {
        var state = state()
        _ = Reducer.reduce(&state, action: .move(1), now: 0)  // b.jpg shown
        classify(&state, entries[0])
        classify(&state, entries[1])
        // a.jpg was asked of the old model again and is still on its way at the switch.
        state.classifying.insert(entries[0].itemKey!)
        #expect(!state.needsClassifying(entries[1].itemKey!))
        _ = Reducer.reduce(&state, action: .pickModel, now: 1)
        for character in "mozsnake" { _ = Reducer.reduce(&state, action: .insert(String(character)), now: 1) }
        _ = Reducer.reduce(&state, action: .submit, now: 1)
        let cobra = LabelSet.Species(label: "Indian cobra", scientificName: "Naja naja", danger: .dangerous)
        _ = Reducer.reduce(&state, event: .modelSwitched(saved, label: "mozsnake", species: [cobra]), now: 2)
        #expect(state.models.current == saved && state.models.pending == nil)
        #expect(state.model == .ready(name: "mozsnake", threads: 2))
        #expect(state.labelling.bundleSpecies == [cobra])
        // Both are stale; the one shown is classified again after the debounce.
        #expect(state.isStale(entries[0].itemKey!) && state.isStale(entries[1].itemKey!))
        #expect(Reducer.tick(&state, now: 3) == [.classify(entries[1].itemKey!)])
        // The old model's late answer for a.jpg stays stale; the new answer for b.jpg is not.
        _ = Reducer.reduce(
            &state, event: .classified(entries[0].itemKey!, .success(Fixtures.prediction(source: "/photos/a.jpg"))),
            now: 3)
        #expect(state.isStale(entries[0].itemKey!))
        _ = Reducer.reduce(
            &state, event: .classified(entries[1].itemKey!, .success(Fixtures.prediction(source: "/photos/b.jpg"))),
            now: 3)
        #expect(!state.isStale(entries[1].itemKey!))

        let canvas = TextCanvas(columns: 120, rows: 40)
        FrameView.draw(state, on: canvas)
        let row = try #require(canvas.lines.first { $0.contains("a.jpg") })
        #expect(row.contains("stale"), "\(row)")
        _ = Reducer.reduce(&state, action: .toggleReview, now: 4)
        let table = TextCanvas(columns: 120, rows: 40)
        FrameView.draw(state, on: table)
        #expect(table.lines.filter { $0.contains("stale") }.count == 1, "\(table.text)")
        // c (a folder run) classifies the stale one again.
        _ = Reducer.reduce(&state, action: .toggleReview, now: 4)
        #expect(Reducer.reduce(&state, action: .classifyFolder, now: 5) == [.classifyBatch([entries[0].itemKey!])])
    }

    @Test func aFailedSwitchKeepsTheModelInUse() {
        var state = state()
        classify(&state, entries[0])
        _ = Reducer.reduce(&state, action: .pickModel, now: 1)
        for character in "mozsnake" { _ = Reducer.reduce(&state, action: .insert(String(character)), now: 1) }
        _ = Reducer.reduce(&state, action: .submit, now: 1)
        _ = Reducer.reduce(&state, event: .modelSwitchFailed(saved, reason: "cannot read model metadata"), now: 2)
        #expect(state.models.pending == nil && state.models.current.name == "test-model")
        #expect(state.model == .ready(name: "test-model", threads: 2))
        #expect(!state.isStale(entries[0].itemKey!))
        #expect(state.lastError == "Cannot switch to mozsnake: cannot read model metadata")
    }

    @Test func noSwitchDuringAFolderRun() {
        var state = state()
        _ = Reducer.reduce(&state, action: .classifyFolder, now: 1)
        #expect(Reducer.reduce(&state, action: .pickModel, now: 1).isEmpty)
        #expect(state.prompt == nil)
        #expect(state.notice?.text == "A folder run is classifying: let it finish or cancel it (Esc) first")
    }
}
