import Inference

extension Reducer {
    /// Applies an event from the terminal or from background work.
    static func reduce(_ state: inout AppState, event: Event, now: Double) -> [Effect] {
        var effects: [Effect] = []
        switch event {
        case .resized(let columns, let rows):
            state.layout = Layout(columns: columns, rows: rows)
            state.review?.clamp(count: state.results.count, pageRows: state.layout.tableRows)
        case .directoryListed(let listing):
            if listing.path == state.browser.directory && state.offersWelcome {
                state.offersWelcome = false
                state.showsWelcome = listing.entries.allSatisfy(\.isFolder)
            }
            state.browser.receive(listing)
            effects = refreshSubject(&state, now: now)
        case .directoryFailed(let path, let reason):
            guard path == state.browser.directory else { break }
            state.browser.listingFailed(path: path)
            fail(&state, "Cannot open \(path): \(reason)", now: now)
            if let back = state.returnDirectory, back.path != path {
                effects = enter(&state, directory: back.path, selecting: back.name)
                state.returnDirectory = nil
            }
        case .explained(let key, let map):
            state.explaining.remove(key)
            state.maps[key] = map
        case .previewRendered(let key, let art):
            state.renders.insert(art, for: key)
        case .previewReady(let key, let preview):
            state.decoding.remove(key)
            if case .failure(let error) = preview, error.kind == .cancelled { break }
            state.previews.insert(preview, for: key)
        case .modelReady(let name, let threads):
            state.model = .ready(name: name, threads: threads)
            state.threads = threads
        case .directoryChanged(let path):
            guard path == state.browser.directory, !state.browser.isLoading else { break }
            effects = [.listDirectory(path)]
        case .imagesFound(let root, let keys):
            guard root == state.browser.directory, state.batch == nil else { break }
            effects = startBatch(&state, keys: keys, scope: .folderAndSubfolders)
        case .modelFailed(let reason):
            state.model = .failed(reason)
            fail(&state, reason, now: now)
            // Kept on the status line for good: nothing works without the model.
            state.errorExpiry = nil
        case .classified(let key, let result):
            if !state.batchRemaining.contains(key) { state.classifying.remove(key) }
            store(&state, result, for: key, now: now)
        case .fetchProgress(let url, let received, let expected):
            guard state.fetch?.url == url else { break }
            state.fetch?.received = received
            state.fetch?.expected = expected
        case .fetched(let url, let result):
            guard state.fetch?.url == url else { break }
            state.fetch = nil
            let key = ItemKey.url(url)
            switch result {
            case .success(let bytes):
                state.classifying.insert(key)
                state.decoding.insert(key)
                effects = [.loadPreviewBytes(key, bytes), .classifyBytes(key, bytes)]
            case .failure(let error):
                store(&state, .failure(error), for: key, now: now)
            }
        case .batchItem(let key, let result):
            state.classifying.remove(key)
            state.batchRemaining.remove(key)
            // A photo asked for meanwhile keeps the answer it was shown.
            if state.prioritized.remove(key) == nil || state.results.result(for: key) == nil {
                store(&state, result, for: key, now: now)
            }
            state.unexported += 1
            state.batch?.done += 1
            switch result {
            case .success(let prediction): if prediction.verdict == .snake { state.batch?.snakes += 1 }
            case .failure(let error): if error.kind != .cancelled { state.batch?.failed += 1 }
            }
        case .batchFinished(let cancelled):
            if let batch = state.batch {
                let summary =
                    "\(batch.done) of \(Format.count(batch.total, "image")) (\(batch.scope.name)): "
                    + "\(Format.count(batch.snakes, "snake")), \(batch.failed) failed"
                state.notice = Notice(cancelled ? "Cancelled after " + summary : "Classified " + summary)
            }
            // Photos asked for meanwhile are still on their way.
            state.classifying.subtract(state.batchRemaining.subtracting(state.prioritized))
            state.batchRemaining = []
            state.prioritized = []
            state.batch = nil
            if state.subject?.key.map({ state.results.result(for: $0) == nil }) == true {
                effects = requestSubject(&state, now: now)
            }
        case .serverStarted(let host, let port):
            clearError(&state)
            state.server = .running(host: host, port: port, requests: 0)
            state.notice = Notice("API listening on http://\(host.contains(":") ? "[\(host)]" : host):\(port)")
        case .serverFailed(let reason):
            state.server = .stopped
            fail(&state, "API: \(reason)", now: now)
        case .serverStopped:
            state.server = .stopped
            state.notice = Notice("API stopped")
        case .serverRequests(let count):
            if case .running(let host, let port, _) = state.server {
                state.server = .running(host: host, port: port, requests: count)
            }
        case .exported(let csv, let json, let count):
            clearError(&state)
            state.unexported = 0
            state.notice = Notice("Exported \(Format.count(count, "row")) to \(csv) and \(json)")
        case .exportFailed(let path, let reason):
            fail(&state, "Export to \(path) failed: \(reason)", now: now)
        case .labelsLoaded(.success(let set), let missing):
            state.labelling.set = set
            state.labelling.refusal = nil
            state.labelling.missing = Set(missing)
            if !missing.isEmpty {
                state.notice = Notice(
                    "\(Format.count(missing.count, "labelled photo")) no longer on disk: skipped (L lists them)")
            }
        case .labelsLoaded(.failure(let error), _):
            state.labelling.set = nil
            // The reason first: a long path must not push it off the line.
            state.labelling.refusal = "\(error.reason) (\(error.path))"
            fail(&state, "Label file \(error.reason); labelling off, file left as it is: \(error.path)", now: now)
        case .trainingProgress, .trained, .trainingFailed:
            effects = reduceTrainingEvent(&state, event, now: now)
        case .modelsListed, .modelSwitched, .modelSwitchFailed:
            effects = reduceModelEvent(&state, event, now: now)
        case .labelsSaved:
            break
        case .labelsSaveFailed(let error):
            fail(&state, "Labels not saved: \(error.description)", now: now)
        }
        state.browser.scroll(pageRows: state.layout.browserRows)
        return effects
    }

    /// Stores a result (not a cancellation); an error goes on the status line, a success
    /// takes the last error off it.
    private static func store(
        _ state: inout AppState, _ result: Result<Prediction, InferenceError>, for key: ItemKey, now: Double
    ) {
        switch result {
        case .failure(let error):
            if error.kind == .cancelled { return }
            state.lastError = error.description
            state.errorExpiry = now + AppState.errorLifetime
        case .success:
            clearError(&state)
        }
        state.results.store(result, for: key, generation: answeringGeneration(&state, for: key))
    }

    private static func fail(_ state: inout AppState, _ message: String, now: Double) {
        state.lastError = message
        state.errorExpiry = now + AppState.errorLifetime
        state.notice = Notice(message, isError: true)
    }

    /// Takes the last error off the status line (something worked since), unless it is the
    /// model's: nothing works without it.
    private static func clearError(_ state: inout AppState) {
        if case .failed = state.model { return }
        state.lastError = nil
        state.errorExpiry = nil
    }
}
