import Foundation
import Inference

extension Reducer {
    static func startFetch(_ state: inout AppState, url: String) -> [Effect] {
        var effects: [Effect] = state.fetch == nil ? [] : [.cancelFetch]
        state.fetch = FetchProgress(url: url)
        state.subject = .url(url)
        state.pending = nil
        effects.append(.fetch(url))
        return effects
    }

    static func toggleServer(_ state: inout AppState) -> [Effect] {
        switch state.server {
        case .running:
            state.server = .stopping
            return [.stopServer]
        case .stopped:
            if case .failed(let reason) = state.model {
                state.notice = Notice("The API needs the model, which failed to load: \(reason)", isError: true)
            } else {
                state.prompt = Prompt(.serverAddress, text: state.serverAddress)
            }
            return []
        case .starting, .stopping:
            state.notice = Notice("The API is busy starting or stopping; try again in a moment")
            return []
        }
    }

    static func classifyFolder(_ state: inout AppState) -> [Effect] {
        if state.batch != nil {
            state.notice = Notice("Already classifying this folder (Esc cancels)")
            return []
        }
        if case .failed(let reason) = state.model {
            state.notice = Notice("Cannot classify: \(reason)", isError: true)
            return []
        }
        let keys = state.browser.entries.filter { !$0.isHidden || state.browser.showsHidden }.compactMap(\.itemKey)
        let todo = keys.filter { state.results.result(for: $0) == nil && !state.classifying.contains($0) }
        guard !todo.isEmpty else {
            state.notice = Notice(
                keys.isEmpty ? "No images in this folder" : "All \(keys.count) images here are classified already")
            return []
        }
        state.batch = BatchProgress(total: todo.count, cached: keys.count - todo.count)
        state.batchRemaining = Set(todo)
        state.classifying.formUnion(todo)
        if let pending = state.pending, state.batchRemaining.contains(pending.key) { state.pending = nil }
        return [.classifyBatch(todo)]
    }

    static func reviewAction(_ state: inout AppState, _ action: Action, now: Double) -> [Effect] {
        guard var review = state.review else { return [] }
        let rows = state.layout.tableRows
        switch action {
        case .move(let delta): review.selection += delta
        case .movePage(let pages): review.selection += pages * max(rows - 1, 1)
        case .moveToTop: review.selection = 0
        case .moveToBottom: review.selection = state.results.count - 1
        case .sortReview(let column):
            review.sort = review.sort.choosing(column)
            review.selection = 0
        case .exportReview:
            let items = state.reviewRows.map { ExportItem(source: $0.key.source, result: $0.result) }
            if items.isEmpty {
                state.notice = Notice("Nothing classified yet: nothing to export")
                return []
            }
            return [.export(items)]
        case .jumpToReviewItem:
            let all = state.reviewRows
            guard all.indices.contains(review.selection) else { return [] }
            state.review = nil
            return jump(&state, to: all[review.selection].key, now: now)
        case .toggleReview:
            state.review = nil
            return []
        case .toggleServer: return toggleServer(&state)
        case .toggleHelp: state.showsHelp = true
        case .quit: state.shouldQuit = true
        case .redraw: return [.repaint]
        default: break
        }
        review.clamp(count: state.results.count, pageRows: rows)
        state.review = review
        return []
    }

    /// Shows a reviewed item: selects a file in its folder, or makes a URL the subject.
    static func jump(_ state: inout AppState, to key: ItemKey, now: Double) -> [Effect] {
        switch key {
        case .url(let url):
            state.subject = .url(url)
            state.pending = nil
            return []
        case .file(let path, _):
            let folder = (path as NSString).deletingLastPathComponent
            let name = (path as NSString).lastPathComponent
            if folder == state.browser.directory {
                if state.browser.visibleEntries.allSatisfy({ $0.name != name }) { state.browser.setFilter("") }
                state.browser.select(name: name, pageRows: state.layout.browserRows)
                state.selectionShown = nil
                return refreshSubject(&state, now: now)
            }
            return enter(&state, directory: folder.isEmpty ? "/" : folder, selecting: name)
        }
    }
}
