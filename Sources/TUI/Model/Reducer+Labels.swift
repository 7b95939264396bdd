import FoundationEssentials
import Inference

extension Reducer {
    /// `m` in the browser: marks or unmarks the selected photo, and moves on to the next row.
    static func toggleMark(_ state: inout AppState) {
        guard let entry = state.browser.selectedEntry, !entry.isFolder else { return }
        toggleMark(&state, path: entry.path)
        state.browser.move(by: 1, pageRows: state.layout.browserRows)
    }

    static func toggleMark(_ state: inout AppState, path: String) {
        if state.marked.remove(path) == nil { state.marked.insert(path) }
    }

    /// `t`: asks for the label of the marked photos, or else of `selected`.
    static func beginTag(_ state: inout AppState, selected: String?) {
        if let refusal = state.labelling.refusal {
            state.notice = Notice("Labelling is off: \(refusal)", isError: true)
            return
        }
        guard state.labelling.set != nil else {
            state.notice = Notice("The labels are still loading; try again in a moment")
            return
        }
        let paths =
            state.marked.isEmpty ? selected.map { [$0] } ?? [] : state.marked.sorted { $0.precedesNaturally($1) }
        guard !paths.isEmpty else {
            state.notice = Notice("Select or mark (m) a photo to label")
            return
        }
        state.tagging = Tagging(paths: paths)
        let current = paths.count == 1 ? state.labelling.set?.label(ofPhotoAt: paths[0]) : nil
        state.prompt = Prompt(
            .tagLabel(photos: paths.count), text: current ?? "", completions: state.labelling.completions)
    }

    /// Enter in a labelling prompt: the next question, or the labels applied.
    static func submitTagging(_ state: inout AppState, _ prompt: Prompt) -> [Effect] {
        guard var tagging = state.tagging else { return [] }
        let text = prompt.text.trimmingWhitespace()
        switch prompt.purpose {
        case .tagLabel:
            guard !text.isEmpty else {
                state.tagging = nil
                state.notice = Notice("No label given: nothing labelled")
                return []
            }
            if text.contains(",") && state.labelling.definition(of: text) == nil {
                state.notice = Notice("A label cannot contain a comma", isError: true)
                state.prompt = prompt
                return []
            }
            tagging.label = text
            state.tagging = tagging
            if state.labelling.definition(of: text) != nil { return applyTagging(&state) }
            state.prompt = Prompt(.tagScientificName(label: text))
        case .tagScientificName(let label):
            tagging.scientificName = text
            state.tagging = tagging
            state.prompt = Prompt(.tagDanger(label: label), completions: Danger.allCases.map(\.rawValue))
        case .tagDanger(let label):
            guard let danger = Danger(typed: text) else {
                state.notice = Notice(
                    "Not a danger: \"\(text)\"; one of \(Danger.allCases.map(\.rawValue).joined(separator: ", "))",
                    isError: true)
                state.prompt = prompt
                return []
            }
            state.labelling.set?.define(
                LabelSet.Species(label: label, scientificName: tagging.scientificName, danger: danger))
            return applyTagging(&state)
        default:
            break
        }
        return []
    }

    /// Labels the photos of the `Tagging` (defining a bundle species the set did not have
    /// yet), clears the marks and saves the set.
    private static func applyTagging(_ state: inout AppState) -> [Effect] {
        guard let tagging = state.tagging, var set = state.labelling.set,
            let definition = state.labelling.definition(of: tagging.label)
        else { return [] }
        state.tagging = nil
        if set.species(labelled: definition.label) == nil { set.define(definition) }
        set.tag(tagging.paths, as: definition.label)
        state.labelling.set = set
        state.labelling.missing.subtract(tagging.paths)
        state.marked.subtract(tagging.paths)
        let count = tagging.paths.count
        state.notice = Notice(
            "Labelled \(count == 1 ? PathName.lastComponent(of: tagging.paths[0]) : Format.count(count, "photo")) \(definition.label)"
        )
        return [.saveLabels(set, folder: state.labelling.folder)]
    }

    /// Keys of the `L` view.
    static func labelsAction(_ state: inout AppState, _ action: Action, now: Double) -> [Effect] {
        guard var view = state.labelsView else { return [] }
        let rows = LabelRow.rows(of: state.labelling)
        let page = state.layout.tableRows
        switch action {
        case .move(let delta): view.selection += delta
        case .movePage(let pages): view.selection += pages * max(page - 1, 1)
        case .moveToTop: view.selection = 0
        case .moveToBottom: view.selection = rows.count - 1
        case .jumpToReviewItem:
            guard rows.indices.contains(view.selection), let path = rows[view.selection].path else { return [] }
            state.labelsView = nil
            state.review = nil
            return jump(&state, to: .file(path: path, modified: 0), now: now)
        case .tag:
            let path = rows.indices.contains(view.selection) ? rows[view.selection].path : nil
            beginTag(&state, selected: path)
        case .toggleMark:
            if rows.indices.contains(view.selection), let path = rows[view.selection].path {
                toggleMark(&state, path: path)
                view.selection += 1
            }
        case .train:
            return beginTraining(&state, now: now)
        case .showLabels, .cancel:
            state.labelsView = nil
            return []
        case .toggleHelp: state.showsHelp = true
        case .quit: requestQuit(&state)
        case .redraw: return [.repaint]
        default: break
        }
        view.clamp(count: rows.count, pageRows: page)
        state.labelsView = view
        return []
    }

    /// `L`: opens the labelled set.
    static func showLabels(_ state: inout AppState) {
        if let refusal = state.labelling.refusal {
            state.notice = Notice("Labelling is off: \(refusal)", isError: true)
            return
        }
        state.labelsView = LabelsViewState()
    }
}
