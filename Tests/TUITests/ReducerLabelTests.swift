import Inference
import Testing

@testable import TUI

/// Marking, labelling, the label prompts and the `L` view, through the reducer alone.
@Suite struct ReducerLabelTests {
    let entries = [
        Fixtures.subfolder("archive"), Fixtures.image("a.jpg"), Fixtures.image("b.jpg"), Fixtures.image("c.jpg"),
    ]
    let cobra = LabelSet.Species(label: "Indian cobra", scientificName: "Naja naja", danger: .dangerous)

    /// The fixture state with the labels of `/photos` loaded (empty unless `set` is given).
    func state(_ set: LabelSet = LabelSet(root: Fixtures.folder), missing: [String] = []) -> AppState {
        var state = Fixtures.state(entries)
        state.labelling.bundleSpecies = [cobra]
        _ = Reducer.reduce(&state, event: .labelsLoaded(.success(set), missing: missing), now: 0)
        return state
    }

    func press(_ state: inout AppState, _ actions: Action...) -> [Effect] {
        actions.flatMap { Reducer.reduce(&state, action: $0, now: 1) }
    }

    func type(_ state: inout AppState, _ text: String) {
        for character in text { _ = Reducer.reduce(&state, action: .insert(String(character)), now: 1) }
    }

    @Test func mMarksPhotosAndMovesOnButNotFolders() {
        var state = state()
        _ = press(&state, .toggleMark)  // the folder: nothing marked, the selection stays
        #expect(state.marked.isEmpty)
        _ = press(&state, .move(1), .toggleMark, .toggleMark)
        #expect(state.marked == ["/photos/a.jpg", "/photos/b.jpg"])
        #expect(state.browser.selectedEntry?.name == "c.jpg")
        _ = press(&state, .move(-1), .toggleMark)
        #expect(state.marked == ["/photos/a.jpg"])
        _ = press(&state, .cancel)
        #expect(state.marked.isEmpty)
        #expect(state.notice?.text == "Marks cleared (1)")
    }

    @Test func aNewLabelAsksForItsScientificNameAndDangerOnceThenSaves() throws {
        var state = state()
        _ = press(&state, .move(1), .toggleMark, .toggleMark, .tag)
        #expect(state.prompt?.purpose == .tagLabel(photos: 2))
        #expect(state.prompt?.completions == ["Indian cobra"])
        type(&state, "black mamba")
        _ = press(&state, .submit)
        #expect(state.prompt?.purpose == .tagScientificName(label: "black mamba"))
        type(&state, "Dendroaspis polylepis")
        _ = press(&state, .submit)
        #expect(state.prompt?.purpose == .tagDanger(label: "black mamba"))
        type(&state, "venom")
        #expect(press(&state, .submit).isEmpty)  // not a danger: asked again
        #expect(state.notice?.isError == true)
        #expect(state.prompt?.purpose == .tagDanger(label: "black mamba"))
        _ = press(&state, .clearLine)
        type(&state, "dang")
        _ = press(&state, .complete)
        #expect(state.prompt?.text == "dangerous")
        let effects = press(&state, .submit)
        let set = try #require(state.labelling.set)
        #expect(effects == [.saveLabels(set, folder: state.labelling.folder)])
        #expect(state.prompt == nil && state.tagging == nil)
        #expect(
            set.species == [.init(label: "black mamba", scientificName: "Dendroaspis polylepis", danger: .dangerous)])
        #expect(set.paths(labelled: "black mamba") == ["/photos/a.jpg", "/photos/b.jpg"])
        #expect(state.marked.isEmpty)
        #expect(state.notice?.text == "Labelled 2 photos black mamba")

        // The second time the label is known: no more questions.
        _ = press(&state, .move(1), .tag)
        #expect(state.prompt?.completions == ["black mamba", "Indian cobra"])
        type(&state, "bl")
        _ = press(&state, .complete)
        #expect(state.prompt?.text == "black mamba")
        _ = press(&state, .submit)
        #expect(state.prompt == nil)
        #expect(state.labelling.set?.paths(labelled: "black mamba").count == 3)
    }

    @Test func aBundleSpeciesNeedsNoQuestionsAndJoinsTheSet() throws {
        var state = state()
        _ = press(&state, .move(1), .tag)
        #expect(state.prompt?.purpose == .tagLabel(photos: 1))
        type(&state, "indian c")
        _ = press(&state, .complete, .submit)
        let set = try #require(state.labelling.set)
        #expect(set.species == [cobra])
        #expect(set.label(ofPhotoAt: "/photos/a.jpg") == "Indian cobra")
        #expect(state.notice?.text == "Labelled a.jpg Indian cobra")
    }

    @Test func cancellingOrAnEmptyLabelLabelsNothing() {
        var state = state()
        _ = press(&state, .move(1), .tag, .cancel)
        #expect(state.tagging == nil && state.prompt == nil)
        #expect(state.notice?.text == "Not labelled")
        #expect(press(&state, .tag, .submit).isEmpty)
        #expect(state.labelling.set?.photos.isEmpty == true)
        #expect(state.notice?.text == "No label given: nothing labelled")
    }

    @Test func aRefusedLabelFileTurnsLabellingOff() {
        var state = Fixtures.state(entries)
        let error = LabelStore.StoreError(path: "/l/x.json", reason: "written by a newer SnakeID")
        _ = Reducer.reduce(&state, event: .labelsLoaded(.failure(error), missing: []), now: 0)
        #expect(
            state.lastError == "Label file written by a newer SnakeID; labelling off, file left as it is: /l/x.json")
        _ = press(&state, .move(1), .tag)
        #expect(state.prompt == nil)
        #expect(state.notice?.text == "Labelling is off: written by a newer SnakeID (/l/x.json)")
        _ = press(&state, .showLabels)
        #expect(state.labelsView == nil)
    }

    @Test func theLabelsViewListsCountsAndPhotosAndRelabels() throws {
        var set = LabelSet(root: Fixtures.folder)
        set.define(cobra)
        set.define(.init(label: "boomslang", scientificName: "Dispholidus typus", danger: .dangerous))
        set.tag(["/photos/a.jpg", "/photos/gone.jpg"], as: "Indian cobra")
        set.tag(["/photos/b.jpg"], as: "boomslang")
        var state = state(set, missing: ["/photos/gone.jpg"])
        #expect(state.notice?.text == "1 labelled photo no longer on disk: skipped (L lists them)")
        _ = press(&state, .showLabels)
        #expect(state.inputContext == .labels)
        let rows = LabelRow.rows(of: state.labelling)
        #expect(rows.map(\.label) == ["boomslang", "boomslang", "Indian cobra", "Indian cobra", "Indian cobra"])
        #expect(rows[0].kind == .heading(set.species(labelled: "boomslang"), photos: 1))
        #expect(rows[4].kind == .photo(path: "/photos/gone.jpg", missing: true))

        // Relabel b.jpg from the view.
        _ = press(&state, .move(1), .tag)
        #expect(state.prompt?.text == "boomslang")  // its current label, to edit
        _ = press(&state, .clearLine)
        type(&state, "Indian cobra")
        _ = press(&state, .submit)
        #expect(state.labelling.set?.paths(labelled: "Indian cobra").count == 3)
        #expect(state.inputContext == .labels)

        // Enter shows the photo in the browser.
        _ = press(&state, .moveToTop, .move(2))
        let effects = press(&state, .jumpToReviewItem)
        #expect(state.labelsView == nil)
        #expect(state.browser.selectedEntry?.name == "b.jpg")
        #expect(effects.contains(.loadPreview(entries[2].itemKey!)))
        _ = press(&state, .showLabels, .showLabels)
        #expect(state.labelsView == nil)
    }

    @Test func theReviewTableMarksAndLabelsItsRows() throws {
        var state = state()
        for entry in entries.dropFirst() {
            let key = try #require(entry.itemKey)
            _ = Reducer.reduce(
                &state, event: .classified(key, .success(Fixtures.prediction(source: key.source))), now: 0)
        }
        _ = press(&state, .toggleReview, .sortReview(.name), .sortReview(.order))
        #expect(state.review?.sort.column == .order)
        _ = press(&state, .moveToTop, .toggleMark, .toggleMark, .tag)
        #expect(state.prompt?.purpose == .tagLabel(photos: 2))
        type(&state, "Indian cobra")
        _ = press(&state, .submit)
        #expect(state.labelling.set?.paths(labelled: "Indian cobra") == ["/photos/a.jpg", "/photos/b.jpg"])
        #expect(state.inputContext == .review)
    }
}
