import FoundationEssentials
import Inference

extension Reducer {
    static func open(_ state: inout AppState, now: Double) -> [Effect] {
        guard let entry = state.browser.selectedEntry else { return [] }
        if entry.isFolder { return enter(&state, directory: entry.path, selecting: nil) }
        // Enter on an image classifies it now instead of after the debounce (ahead of a batch).
        if let key = entry.itemKey, state.needsClassifying(key) {
            state.pending = AppState.PendingClassification(key: key, due: now)
        }
        return []
    }

    static func goUp(_ state: inout AppState) -> [Effect] {
        let current = state.browser.directory
        guard current != "/" else { return [] }
        let parent = PathName.parent(of: current)
        return enter(
            &state, directory: parent.isEmpty ? "/" : parent, selecting: PathName.lastComponent(of: current))
    }

    /// Shows `directory`, asking for its listing; `selecting` names the entry to select in it.
    static func enter(_ state: inout AppState, directory: String, selecting: String?) -> [Effect] {
        if let name = state.browser.selectedEntry?.name {
            state.returnDirectory = (state.browser.directory, name)
        } else {
            state.returnDirectory = nil
        }
        state.browser.enter(directory, selecting: selecting)
        state.subject = nil
        state.selectionShown = nil
        state.pending = nil
        return [.listDirectory(directory)]
    }

    /// After the selection may have changed: points the preview and the panel at the selected
    /// entry, asks for its preview at once, and schedules its classification (debounced). A URL
    /// stays the subject until the selection moves.
    static func refreshSubject(_ state: inout AppState, now: Double) -> [Effect] {
        let selected = state.browser.selectedEntry
        guard selected != state.selectionShown else { return [] }
        state.selectionShown = selected
        state.subject = selected.map(Subject.entry)
        return requestSubject(&state, now: now) + requestMap(&state)
    }

    /// Asks for the subject's occlusion map when the map is on and it has none yet (files only:
    /// it decodes the file again, in the background, on the model's lanes).
    static func requestMap(_ state: inout AppState) -> [Effect] {
        guard state.showsMap, let key = state.subject?.key, !key.isURL, state.maps[key] == nil,
            !state.explaining.contains(key)
        else { return [] }
        state.explaining.insert(key)
        return [.explain(key)]
    }

    /// Asks for the subject's preview and schedules its classification, unless cached.
    static func requestSubject(_ state: inout AppState, now: Double) -> [Effect] {
        state.pending = nil
        guard let key = state.subject?.key, !key.isURL else { return [] }
        var effects: [Effect] = []
        if state.previews[key] == nil && !state.decoding.contains(key) {
            state.decoding.insert(key)
            effects.append(.loadPreview(key))
        }
        if state.needsClassifying(key) {
            state.pending = AppState.PendingClassification(key: key, due: now + state.debounce)
        }
        return effects
    }

    static func cancel(_ state: inout AppState) -> [Effect] {
        if let fetch = state.fetch {
            state.fetch = nil
            state.notice = Notice("Download cancelled: \(fetch.url)")
            return [.cancelFetch]
        }
        if state.batch != nil {
            state.batch?.isCancelling = true
            return [.cancelBatch]
        }
        if state.training != nil { return cancelTraining(&state) }
        if !state.browser.filter.isEmpty {
            state.browser.setFilter("")
        } else if !state.marked.isEmpty {
            state.notice = Notice("Marks cleared (\(state.marked.count))")
            state.marked = []
        }
        return []
    }
}
