import FoundationEssentials
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

    /// `c`: classifies the images of the folder shown.
    static func classifyFolder(_ state: inout AppState) -> [Effect] {
        guard canStartBatch(&state) else { return [] }
        let keys = state.browser.entries.filter { !$0.isHidden || state.browser.showsHidden }.compactMap(\.itemKey)
        return startBatch(&state, keys: keys, scope: .folder)
    }

    /// `C`: asks for the images of the folder shown and its subfolders; the batch starts when
    /// they are found (`Event.imagesFound`).
    static func classifyTree(_ state: inout AppState) -> [Effect] {
        guard canStartBatch(&state) else { return [] }
        state.notice = Notice("Looking for images in this folder and its subfolders")
        return [.findImages(under: state.browser.directory)]
    }

    private static func canStartBatch(_ state: inout AppState) -> Bool {
        if let batch = state.batch {
            state.notice = Notice("Already classifying the \(batch.scope.name) (Esc cancels)")
            return false
        }
        if case .failed(let reason) = state.model {
            state.notice = Notice("Cannot classify: \(reason)", isError: true)
            return false
        }
        return true
    }

    /// Starts classifying the `keys` not classified yet.
    static func startBatch(_ state: inout AppState, keys: [ItemKey], scope: BatchProgress.Scope) -> [Effect] {
        let todo = keys.filter(state.needsClassifying)
        guard !todo.isEmpty else {
            state.notice = Notice(
                keys.isEmpty
                    ? "No images in this \(scope.name)"
                    : "All \(Format.count(keys.count, "image")) in this \(scope.name) are classified already")
            return []
        }
        state.batch = BatchProgress(total: todo.count, cached: keys.count - todo.count, scope: scope)
        state.batchRemaining = Set(todo)
        state.classifying.formUnion(todo)
        if let pending = state.pending, state.batchRemaining.contains(pending.key) {
            // The photo shown goes ahead of the batch.
            state.pending = nil
            state.prioritized.insert(pending.key)
            return [.classifyBatch(todo), .classify(pending.key)]
        }
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
            // The selected item stays selected wherever the new order puts it.
            let before = state.reviewRows
            let selected = before.indices.contains(review.selection) ? before[review.selection].key : nil
            review.sort = review.sort.choosing(column)
            state.review = review
            review.selection = selected.flatMap { key in state.reviewRows.firstIndex { $0.key == key } } ?? 0
        case .exportReview:
            if state.results.count == 0 {
                state.notice = Notice("Nothing classified yet: nothing to export")
                return []
            }
            state.prompt = Prompt(.exportPath, text: Format.abbreviated(state.exportBase, home: state.homeDirectory))
        case .jumpToReviewItem:
            let all = state.reviewRows
            guard all.indices.contains(review.selection) else { return [] }
            state.review = nil
            return jump(&state, to: all[review.selection].key, now: now)
        case .toggleReview:
            state.review = nil
            return []
        case .toggleServer: return toggleServer(&state)
        case .toggleMark:
            let all = state.reviewRows
            if all.indices.contains(review.selection), case .file(let path, _) = all[review.selection].key {
                toggleMark(&state, path: path)
                review.selection += 1
            }
        case .tag:
            let all = state.reviewRows
            var path: String?
            if all.indices.contains(review.selection), case .file(let file, _) = all[review.selection].key {
                path = file
            }
            beginTag(&state, selected: path)
        case .showLabels: showLabels(&state)
        case .pickModel: return pickModel(&state)
        case .train: return beginTraining(&state, now: now)
        case .toggleHelp: state.showsHelp = true
        case .quit: requestQuit(&state)
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
            let folder = PathName.parent(of: path)
            let name = PathName.lastComponent(of: path)
            if folder == state.browser.directory {
                if state.browser.visibleEntries.allSatisfy({ $0.name != name }) { state.browser.setFilter("") }
                state.browser.select(name: name, pageRows: state.layout.browserRows)
                state.selectionShown = nil
                return refreshSubject(&state, now: now)
            }
            return enter(&state, directory: folder.isEmpty ? "/" : folder, selecting: name)
        }
    }

    /// Exports the review table to the path typed (`~` expanded; `.csv` or `.json` dropped,
    /// since both are written).
    static func export(_ state: inout AppState, to typed: String) -> [Effect] {
        var base = typed.trimmingWhitespace()
        if base == "~" || base.hasPrefix("~/") { base = state.homeDirectory + base.dropFirst() }
        for suffix in [".csv", ".json"] where base.lowercased().hasSuffix(suffix) { base.removeLast(suffix.count) }
        guard !base.isEmpty else {
            state.notice = Notice("No path given: nothing exported")
            return []
        }
        state.exportBase = base
        let items = state.reviewRows.map { ExportItem(source: $0.key.source, result: $0.result) }
        return [.export(items, base: base)]
    }
}
