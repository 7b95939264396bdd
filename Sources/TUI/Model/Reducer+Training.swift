import FoundationEssentials
import Inference

extension Reducer {
    /// `T`: trains from the labelled photos, or from the folder shown when it is a folder of
    /// class folders and nothing is labelled. The first run asks for the bundle's name; a
    /// retrain (from the report) keeps it.
    static func beginTraining(_ state: inout AppState, now: Double) -> [Effect] {
        if let training = state.training {
            state.notice = Notice("Already training \(training.name) (Esc cancels)")
            return []
        }
        if case .failed(let reason) = state.model {
            state.notice = Notice("Cannot train: \(reason)", isError: true)
            return []
        }
        guard trainingSource(state) != nil else {
            state.notice = Notice(
                "Nothing to train on: label photos of two species or more (t), or open a folder of class folders")
            return []
        }
        if state.report != nil, let name = state.lastTrainedName { return startTraining(&state, name: name) }
        state.prompt = Prompt(.bundleName, text: state.lastTrainedName ?? "my-snakes")
        return []
    }

    /// The photos and species to train on, or the class folder; nil when there is neither.
    static func trainingSource(_ state: AppState) -> (
        photos: [TrainingJob.Photo], species: [LabelSet.Species], folder: String?
    )? {
        if let set = state.labelling.set {
            let photos = set.photos.map { TrainingJob.Photo(path: set.absolutePath(of: $0), label: $0.label) }
                .filter { !state.labelling.missing.contains($0.path) }
            if Set(photos.map(\.label)).count >= 2 { return (photos, set.species, nil) }
        }
        let folders = state.browser.entries.filter { $0.isFolder && !$0.isHidden }
        if folders.count >= 2 && !state.browser.entries.contains(where: { !$0.isFolder }) {
            return ([], [], state.browser.directory)
        }
        return nil
    }

    /// Enter in the bundle-name prompt.
    static func submitBundleName(_ state: inout AppState, _ prompt: Prompt) -> [Effect] {
        let name = prompt.text.trimmingWhitespace()
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
            state.notice = Notice(
                "A bundle name is a folder name: not empty, no \"/\", not starting with \".\"", isError: true)
            return []
        }
        return startTraining(&state, name: name)
    }

    private static func startTraining(_ state: inout AppState, name: String) -> [Effect] {
        guard let source = trainingSource(state) else { return [] }
        let job = TrainingJob(
            name: name, output: state.models.bundlesFolder + "/" + name, photos: source.photos,
            species: source.species, classFolder: source.folder)
        state.lastTrainedName = name
        state.training = TrainingStatus(name: name)
        let what =
            source.folder.map { "the class folders of \(PathName.lastComponent(of: $0))" }
            ?? Format.count(source.photos.count, "labelled photo")
        state.notice = Notice("Training \(name) on \(what) in the background (Esc cancels)")
        return [.train(job)]
    }

    /// Events of a training run.
    static func reduceTrainingEvent(_ state: inout AppState, _ event: Event, now: Double) -> [Effect] {
        switch event {
        case .trainingProgress(let progress):
            state.training?.progress = progress
        case .trained(let outcome):
            state.training = nil
            state.models.saved.removeAll { $0.directory == outcome.choice.directory }
            state.models.saved.append(outcome.choice)
            state.report = ReportState(outcome: outcome)
            state.review = nil
            state.labelsView = nil
            let accuracy =
                outcome.report.evaluation.map { " \(Format.percent($0.top1)) right on \($0.photos) held-out photos;" }
                ?? ""
            state.notice = Notice(
                "Trained \(outcome.choice.name):\(accuracy) saved in \(Format.abbreviated(outcome.choice.directory, home: state.homeDirectory)); M switches to it"
            )
            return showSelectedLoss(&state, now: now)
        case .trainingFailed(let error):
            let name = state.training?.name ?? "the bundle"
            state.training = nil
            if error.kind == .cancelled {
                state.notice = Notice("Training \(name) cancelled: nothing written")
            } else {
                state.lastError = "Training \(name) failed: \(error.description)"
                state.errorExpiry = now + AppState.errorLifetime
                state.notice = Notice("Training \(name) failed: \(error.description)", isError: true)
            }
        default:
            break
        }
        return []
    }

    /// Keys of the report view.
    static func reportAction(_ state: inout AppState, _ action: Action, now: Double) -> [Effect] {
        guard var report = state.report else { return [] }
        let count = report.losses.count
        switch action {
        case .move(let delta): report.selection += delta
        case .moveToTop: report.selection = 0
        case .moveToBottom: report.selection = count - 1
        case .movePage(let pages): report.selection += pages * 5
        case .tag:
            beginTag(&state, selected: report.selectedLoss?.path)
            return []
        case .train:
            return beginTraining(&state, now: now)
        case .pickModel:
            return pickModel(&state)
        case .jumpToReviewItem:
            guard let path = report.selectedLoss?.path else { return [] }
            state.report = nil
            return jump(&state, to: .file(path: path, modified: 0), now: now)
        case .cancel where state.training != nil:
            return cancelTraining(&state)
        case .cancel:
            state.report = nil
            state.selectionShown = nil
            return refreshSubject(&state, now: now)
        case .toggleHelp: state.showsHelp = true
        case .quit: requestQuit(&state)
        case .redraw: return [.repaint]
        default: break
        }
        report.selection = count == 0 ? 0 : min(max(report.selection, 0), count - 1)
        state.report = report
        return showSelectedLoss(&state, now: now)
    }

    /// Esc while training: stops it (nothing is written).
    static func cancelTraining(_ state: inout AppState) -> [Effect] {
        state.training?.isCancelling = true
        return [.cancelTraining]
    }

    /// Makes the selected top loss the subject: its preview shows beside the report.
    static func showSelectedLoss(_ state: inout AppState, now: Double) -> [Effect] {
        guard let report = state.report, let loss = report.selectedLoss else { return [] }
        let entry = DirectoryEntry(
            name: PathName.lastComponent(of: loss.path), path: loss.path, kind: .image(nil),
            modified: report.outcome.modified[loss.path] ?? 0)
        guard state.subject != .entry(entry) else { return [] }
        state.subject = .entry(entry)
        state.selectionShown = nil
        return requestSubject(&state, now: now)
    }
}
