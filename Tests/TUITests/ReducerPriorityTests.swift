import Inference
import Testing

@testable import TUI

/// The selected photo never waits for a folder run, and `C` runs over subfolders too.
@Suite struct ReducerPriorityTests {
    let entries = (1...4).map { Fixtures.image("p\($0).jpg") }
    var keys: [ItemKey] { entries.map { $0.itemKey! } }

    /// A state classifying the whole folder (the first photo answered before the run).
    func stateDuringBatch() -> AppState {
        var state = Fixtures.state(entries)
        _ = Reducer.reduce(&state, event: .classified(keys[0], .success(Fixtures.prediction())), now: 0)
        #expect(Reducer.reduce(&state, action: .classifyFolder, now: 0) == [.classifyBatch(Array(keys[1...]))])
        return state
    }

    @Test func movingToAPhotoInTheBatchClassifiesItAheadOfTheBatch() {
        var state = stateDuringBatch()
        _ = Reducer.reduce(&state, action: .moveToBottom, now: 1)
        #expect(state.subjectIsClassifying)
        #expect(Reducer.tick(&state, now: 1.05).isEmpty)  // still debouncing
        #expect(Reducer.tick(&state, now: 1 + state.debounce) == [.classify(keys[3])])
        #expect(state.prioritized == [keys[3]])
        // Asked once: moving away and back asks nothing more.
        _ = Reducer.reduce(&state, action: .move(-1), now: 2)
        _ = Reducer.reduce(&state, action: .move(1), now: 2)
        #expect(Reducer.tick(&state, now: 3).isEmpty)

        let shown = Fixtures.prediction(source: keys[3].source, snake: 0.9)
        _ = Reducer.reduce(&state, event: .classified(keys[3], .success(shown)), now: 3)
        #expect(state.subjectResult == .success(shown))
        // The batch's own answer for it later counts, but does not replace what was shown.
        let late = Fixtures.prediction(source: keys[3].source, snake: 0.8)
        _ = Reducer.reduce(&state, event: .batchItem(keys[3], .success(late)), now: 4)
        #expect(state.subjectResult == .success(shown))
        #expect(state.batch?.done == 1 && state.prioritized.isEmpty)
    }

    @Test func enterOnAPhotoInTheBatchClassifiesItAtOnce() {
        var state = stateDuringBatch()
        _ = Reducer.reduce(&state, action: .move(2), now: 1)
        _ = Reducer.reduce(&state, action: .open, now: 1)
        #expect(Reducer.tick(&state, now: 1) == [.classify(keys[2])])
    }

    @Test func thePhotoShownWhenTheRunStartsGoesFirst() {
        var state = Fixtures.state(entries)
        // p1 is selected and waiting for its debounce when `c` is pressed.
        #expect(state.pending?.key == keys[0])
        #expect(Reducer.reduce(&state, action: .classifyFolder, now: 0) == [.classifyBatch(keys), .classify(keys[0])])
        #expect(state.pending == nil && state.prioritized == [keys[0]])
    }

    @Test func aCancelledRunStillAwaitsThePhotoAskedFor() {
        var state = stateDuringBatch()
        _ = Reducer.reduce(&state, action: .moveToBottom, now: 1)
        _ = Reducer.tick(&state, now: 2)
        _ = Reducer.reduce(&state, action: .cancel, now: 2)
        _ = Reducer.reduce(&state, event: .batchFinished(cancelled: true), now: 2)
        #expect(state.classifying == [keys[3]] && state.subjectIsClassifying)
        _ = Reducer.reduce(&state, event: .classified(keys[3], .success(Fixtures.prediction())), now: 3)
        #expect(state.classifying.isEmpty && state.subjectResult != nil)
    }

    @Test func recursiveRunFindsImagesInSubfoldersAndSaysSo() {
        var state = Fixtures.state(entries)
        #expect(KeyTable.action(for: .key(.character("C")), in: .browse) == .classifyTree)
        #expect(Reducer.reduce(&state, action: .classifyTree, now: 0) == [.findImages(under: Fixtures.folder)])
        let nested = ItemKey.file(path: Fixtures.folder + "/sub/deep.jpg", modified: 1)
        let effects = Reducer.reduce(&state, event: .imagesFound(root: Fixtures.folder, [nested, keys[1]]), now: 0)
        #expect(effects == [.classifyBatch([nested, keys[1]])])
        #expect(state.batch?.scope == .folderAndSubfolders)
        let canvas = TextCanvas(columns: 120, rows: 40)
        FrameView.draw(state, on: canvas)
        #expect(canvas.lines[38].hasPrefix(" Classifying folder and subfolders 0/2"))
        #expect(Reducer.reduce(&state, action: .classifyFolder, now: 0).isEmpty)
        #expect(state.notice?.text == "Already classifying the folder and subfolders (Esc cancels)")
        _ = Reducer.reduce(&state, event: .batchItem(nested, .success(Fixtures.prediction())), now: 0)
        _ = Reducer.reduce(&state, event: .batchItem(keys[1], .success(Fixtures.prediction())), now: 0)
        _ = Reducer.reduce(&state, event: .batchFinished(cancelled: false), now: 0)
        #expect(state.notice?.text == "Classified 2 of 2 images (folder and subfolders): 2 snakes, 0 failed")
    }

    @Test func recursiveRunOfAFolderWithoutImagesSaysSo() {
        var state = Fixtures.state(entries)
        _ = Reducer.reduce(&state, action: .classifyTree, now: 0)
        #expect(Reducer.reduce(&state, event: .imagesFound(root: Fixtures.folder, []), now: 0).isEmpty)
        #expect(state.notice?.text == "No images in this folder and subfolders")
    }
}
