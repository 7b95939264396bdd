import Foundation
import Inference
import Testing

@testable import TUI

/// `T`, the training run, the report view and its top losses, through the reducer alone.
@Suite struct ReducerTrainingTests {
    let entries = [Fixtures.image("a.jpg"), Fixtures.image("b.jpg"), Fixtures.image("c.jpg")]
    let mamba = LabelSet.Species(label: "black mamba", scientificName: "Dendroaspis polylepis", danger: .dangerous)
    let house = LabelSet.Species(label: "house snake", scientificName: "Boaedon fuliginosus", danger: .harmless)

    /// A report as the trainer writes it (decoded from its JSON form), `losses` its top losses.
    static func report(losses: [(path: String, label: String, predicted: String)]) throws -> TrainingReport {
        let lossJSON = losses.map {
            #"{"path":"\#($0.path)","label":"\#($0.label)","predicted":"\#($0.predicted)","probability":0.2,"loss":1.6}"#
        }.joined(separator: ",")
        let json = """
            {"bundle":"mine","directory":"labelled photos","layout":"holdout",
             "classes":[{"label":"black mamba","common_name":"black mamba","scientific_name":"Dendroaspis polylepis","danger":"dangerous"},
                        {"label":"house snake","common_name":"house snake","scientific_name":"Boaedon fuliginosus","danger":"harmless"}],
             "danger_defaulted":[],"warnings":[],"skipped":[],"photos":{"train":8,"test":4},"augmentation":"flip",
             "decay":0.1,"decay_search":[],"duplicates":[],
             "recognition":{"signal":"top_species_share","recognised_at_least":0.5,"look_alikes":[]},
             "recognition_target_precision":0.95,
             "evaluation":{"split":"test","photos":4,"top1":0.75,"top3":1,"per_class":[],"confusion":[[1,1],[0,2]],
                           "venomous_called_harmless":1,"top_losses":[\(lossJSON)],"predictions":[]},
             "timings":{"features_seconds":1.5,"fit_seconds":0.2,"extracted":12,"cached":0}}
            """
        return try JSONDecoder().decode(TrainingReport.self, from: Data(json.utf8))
    }

    func labelledState() -> AppState {
        var set = LabelSet(root: Fixtures.folder)
        set.define(mamba)
        set.define(house)
        set.tag(["/photos/a.jpg", "/photos/gone.jpg"], as: "black mamba")
        set.tag(["/photos/b.jpg"], as: "house snake")
        var state = Fixtures.state(entries)
        _ = Reducer.reduce(&state, event: .labelsLoaded(.success(set), missing: ["/photos/gone.jpg"]), now: 0)
        return state
    }

    @Test func tAsksForTheNameThenTrainsTheLabelledPhotosThatAreThere() throws {
        var state = labelledState()
        #expect(Reducer.reduce(&state, action: .train, now: 1).isEmpty)
        #expect(state.prompt?.purpose == .bundleName)
        #expect(state.prompt?.text == "my-snakes")
        _ = Reducer.reduce(&state, action: .clearLine, now: 1)
        for character in "mine" { _ = Reducer.reduce(&state, action: .insert(String(character)), now: 1) }
        let effects = Reducer.reduce(&state, action: .submit, now: 1)
        let job = TrainingJob(
            name: "mine", output: state.models.bundlesFolder + "/mine",
            photos: [
                .init(path: "/photos/a.jpg", label: "black mamba"), .init(path: "/photos/b.jpg", label: "house snake"),
            ],
            species: [mamba, house], classFolder: nil)
        #expect(effects == [.train(job)])
        #expect(state.training == TrainingStatus(name: "mine"))
        #expect(Reducer.reduce(&state, action: .train, now: 2).isEmpty)
        #expect(state.notice?.text == "Already training mine (Esc cancels)")

        // Progress on the status line; the UI keeps browsing meanwhile.
        _ = Reducer.reduce(&state, event: .trainingProgress(.features(done: 1, total: 2)), now: 2)
        _ = Reducer.reduce(&state, action: .move(1), now: 2)
        #expect(state.browser.selectedEntry?.name == "b.jpg")
        let canvas = TextCanvas(columns: 120, rows: 40)
        FrameView.draw(state, on: canvas)
        #expect(canvas.lines[39].contains("training mine: features 1/2"), "\(canvas.lines[39])")
    }

    @Test func escCancelsTheRunAndNothingIsWritten() {
        var state = labelledState()
        _ = Reducer.reduce(&state, action: .train, now: 1)
        _ = Reducer.reduce(&state, action: .submit, now: 1)
        #expect(Reducer.reduce(&state, action: .cancel, now: 2) == [.cancelTraining])
        #expect(state.training?.isCancelling == true)
        _ = Reducer.reduce(
            &state, event: .trainingFailed(TrainingError(.cancelled, path: "", reason: "cancelled")), now: 3)
        #expect(state.training == nil)
        #expect(state.notice?.text == "Training my-snakes cancelled: nothing written")
        #expect(state.report == nil)
    }

    @Test func oneLabelOrNothingIsNotEnoughButAFolderOfClassFoldersIs() {
        var state = Fixtures.state(entries)
        var set = LabelSet(root: Fixtures.folder)
        set.define(mamba)
        set.tag(["/photos/a.jpg"], as: "black mamba")
        _ = Reducer.reduce(&state, event: .labelsLoaded(.success(set), missing: []), now: 0)
        #expect(Reducer.reduce(&state, action: .train, now: 1).isEmpty)
        #expect(state.prompt == nil)
        #expect(state.notice?.text.hasPrefix("Nothing to train on") == true)

        var classes = Fixtures.state([Fixtures.subfolder("mamba"), Fixtures.subfolder("house")])
        _ = Reducer.reduce(&classes, event: .labelsLoaded(.success(LabelSet(root: "/photos")), missing: []), now: 0)
        _ = Reducer.reduce(&classes, action: .train, now: 1)
        let effects = Reducer.reduce(&classes, action: .submit, now: 1)
        #expect(
            effects == [
                .train(
                    TrainingJob(
                        name: "my-snakes", output: classes.models.bundlesFolder + "/my-snakes", photos: [], species: [],
                        classFolder: "/photos"))
            ])
    }

    @Test func theReportShowsAccuracyTheMatrixAndStepsThroughTopLosses() throws {
        var state = labelledState()
        _ = Reducer.reduce(&state, action: .train, now: 1)
        _ = Reducer.reduce(&state, action: .submit, now: 1)
        let report = try Self.report(losses: [
            ("/photos/a.jpg", "black mamba", "house snake"), ("/photos/c.jpg", "house snake", "black mamba"),
        ])
        let choice = ModelChoice(name: "my-snakes", directory: state.models.bundlesFolder + "/my-snakes")
        let outcome = TrainingOutcome(
            report: report, choice: choice, modified: ["/photos/a.jpg": 100, "/photos/c.jpg": 100])
        let effects = Reducer.reduce(&state, event: .trained(outcome), now: 2)
        #expect(state.training == nil)
        #expect(state.inputContext == .report)
        #expect(state.models.choices.contains(choice))
        // The worst loss is the subject: its preview is on its way (asked for when a.jpg was
        // selected in the browser).
        #expect(effects.isEmpty && state.decoding.contains(entries[0].itemKey!))
        #expect(
            state.subject
                == .entry(DirectoryEntry(name: "a.jpg", path: "/photos/a.jpg", kind: .image(nil), modified: 100)))

        let canvas = TextCanvas(columns: 120, rows: 40)
        FrameView.draw(state, on: canvas)
        #expect(canvas.text.contains("Accuracy 75.0% (top 3: 100.0%) on 4 test photos"), "\(canvas.text)")
        #expect(canvas.text.contains("Venomous called harmless: 1"))
        let row = try #require(canvas.lines.first { $0.contains("A black mamba") })
        #expect(row.contains("1     1"), "\(row)")
        #expect(canvas.style(of: "Venomous called harmless: 1") == .danger)
        #expect(canvas.text.contains("a.jpg  black mamba · answered house snake"))
        #expect(FrameView.previewRect(state, style: canvas.previewStyle) == ReportView.split(state.layout.body).preview)

        // j steps to the next loss and shows it; t relabels it; T retrains without asking.
        let next = Reducer.reduce(&state, action: .move(1), now: 3)
        #expect(state.report?.selection == 1)
        #expect(next.contains(.loadPreview(.file(path: "/photos/c.jpg", modified: 100))))
        _ = Reducer.reduce(&state, action: .tag, now: 3)
        #expect(state.prompt?.purpose == .tagLabel(photos: 1))
        _ = Reducer.reduce(&state, action: .clearLine, now: 3)
        for character in "black mamba" { _ = Reducer.reduce(&state, action: .insert(String(character)), now: 3) }
        let saved = Reducer.reduce(&state, action: .submit, now: 3)
        #expect(saved.count == 1)
        #expect(state.labelling.set?.label(ofPhotoAt: "/photos/c.jpg") == "black mamba")
        #expect(state.inputContext == .report)
        let retrain = Reducer.reduce(&state, action: .train, now: 4)
        guard case .train(let job) = retrain.first else {
            Issue.record("T did not retrain: \(retrain)")
            return
        }
        #expect(job.name == "my-snakes" && job.photos.count == 3)
        #expect(state.prompt == nil)
        _ = Reducer.reduce(&state, action: .cancel, now: 5)  // cancels the run, the report stays
        #expect(state.report != nil)
        _ = Reducer.reduce(&state, event: .trainingFailed(TrainingError(.cancelled, path: "", reason: "")), now: 5)
        _ = Reducer.reduce(&state, action: .cancel, now: 6)
        #expect(state.report == nil && state.inputContext == .browse)
    }

    @Test func aFailedRunSaysWhy() {
        var state = labelledState()
        _ = Reducer.reduce(&state, action: .train, now: 1)
        _ = Reducer.reduce(&state, action: .submit, now: 1)
        let error = TrainingError(.tooFewPhotos, path: "house snake", reason: "1 readable photo; at least 2 needed")
        _ = Reducer.reduce(&state, event: .trainingFailed(error), now: 2)
        #expect(state.training == nil)
        #expect(state.lastError == "Training my-snakes failed: house snake: 1 readable photo; at least 2 needed")
    }
}
