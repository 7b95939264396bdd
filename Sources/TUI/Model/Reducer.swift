import Inference
import Server

/// Applies actions and events to an `AppState` and says which `Effect`s to run: the UI's logic,
/// with no curses and no I/O, so it is tested without a terminal.
///
/// ```swift
/// var effects = Reducer.reduce(&state, action: .move(1), now: clock.now)
/// effects += Reducer.reduce(&state, event: .directoryListed(listing), now: clock.now)
/// effects += Reducer.tick(&state, now: clock.now)  // fires debounced classifications
/// ```
enum Reducer {
    /// Applies a user action.
    static func reduce(_ state: inout AppState, action: Action, now: Double) -> [Effect] {
        switch action {
        case .redraw: break  // repainting keeps the notice (an export path, say) on screen
        default: state.notice = nil
        }
        if action != .quit { state.quitArmed = false }
        if state.showsWelcome && state.inputContext == .browse && action != .toggleHelp && action != .redraw {
            // Any key closes the welcome panel; Esc only does that.
            state.showsWelcome = false
            if action == .cancel { return [] }
        }
        let effects: [Effect]
        switch state.inputContext {
        case .prompt: effects = promptAction(&state, action, now: now)
        case .review: effects = reviewAction(&state, action, now: now)
        case .labels: effects = labelsAction(&state, action, now: now)
        case .report: effects = reportAction(&state, action, now: now)
        case .help: effects = helpAction(&state, action)
        default: effects = browseAction(&state, action, now: now)
        }
        state.browser.scroll(pageRows: state.layout.browserRows)
        return effects
    }

    /// Fires the debounced classification once it is due (ahead of a batch holding the same
    /// photo), and takes an expired error off the status line.
    static func tick(_ state: inout AppState, now: Double) -> [Effect] {
        if let expiry = state.errorExpiry, expiry <= now {
            state.lastError = nil
            state.errorExpiry = nil
        }
        guard let pending = state.pending, pending.due <= now else { return [] }
        state.pending = nil
        guard state.needsClassifying(pending.key), state.subject?.key == pending.key else { return [] }
        state.classifying.insert(pending.key)
        if state.batchRemaining.contains(pending.key) { state.prioritized.insert(pending.key) }
        return [.classify(pending.key)]
    }

    private static func browseAction(_ state: inout AppState, _ action: Action, now: Double) -> [Effect] {
        let page = max(state.layout.browserRows - 1, 1)
        switch action {
        case .move(let delta):
            state.browser.move(by: delta, pageRows: state.layout.browserRows)
        case .movePage(let pages):
            state.browser.move(by: pages * page, pageRows: state.layout.browserRows)
        case .moveToTop:
            state.browser.select(index: 0, pageRows: state.layout.browserRows)
        case .moveToBottom:
            state.browser.select(index: Int.max / 2, pageRows: state.layout.browserRows)
        case .open:
            return open(&state, now: now)
        case .goUp:
            return goUp(&state)
        case .goHome:
            return enter(&state, directory: state.homeDirectory, selecting: nil)
        case .openSamples:
            guard let samples = state.samplesDirectory else {
                state.notice = Notice("No sample photos here (samples/ beside the model)")
                return []
            }
            return enter(&state, directory: samples, selecting: nil)
        case .toggleHidden:
            state.browser.toggleHidden()
            state.notice = Notice(state.browser.showsHidden ? "Showing hidden files" : "Hiding hidden files")
        case .toggleMap:
            state.showsMap.toggle()
            state.notice = Notice(
                state.showsMap ? "Map on: red is where covering the photo changed the answer most" : "Map off")
            return requestMap(&state)
        case .beginFilter:
            state.prompt = Prompt(.filter, text: state.browser.filter)
        case .beginURLPrompt:
            state.prompt = Prompt(.url)
        case .paste(let text):
            state.prompt = Prompt(.url)
            state.prompt?.insert(firstLine(of: text))
        case .toggleServer:
            return toggleServer(&state)
        case .classifyFolder:
            return classifyFolder(&state)
        case .classifyTree:
            return classifyTree(&state)
        case .reloadFolder:
            state.notice = Notice("Reloading \(state.browser.directory)")
            return [.listDirectory(state.browser.directory)]
        case .toggleReview:
            state.review = ReviewState()
            state.review?.clamp(count: state.results.count, pageRows: state.layout.tableRows)
        case .toggleHelp:
            state.showsHelp.toggle()
        case .toggleZoom:
            state.previewZoomed.toggle()
        case .toggleMark:
            toggleMark(&state)
        case .tag:
            beginTag(&state, selected: state.browser.selectedEntry.flatMap { $0.isFolder ? nil : $0.path })
        case .showLabels:
            showLabels(&state)
        case .pickModel:
            return pickModel(&state)
        case .train:
            return beginTraining(&state, now: now)
        case .cancel where state.previewZoomed:
            state.previewZoomed = false
        case .cancel:
            return cancel(&state)
        case .quit:
            requestQuit(&state)
        case .redraw:
            return [.repaint]
        default:
            break
        }
        return refreshSubject(&state, now: now)
    }

    private static func promptAction(_ state: inout AppState, _ action: Action, now: Double) -> [Effect] {
        guard var prompt = state.prompt else { return [] }
        switch action {
        case .insert(let text): prompt.insert(text)
        case .paste(let text): prompt.insert(firstLine(of: text))
        case .deleteBackward: prompt.deleteBackward()
        case .clearLine: prompt.text = ""
        case .complete: prompt.complete()
        case .cancel:
            state.prompt = nil
            if prompt.purpose == .filter { state.browser.setFilter("") }
            if state.tagging != nil {
                state.tagging = nil
                state.notice = Notice("Not labelled")
            }
            return refreshSubject(&state, now: now)
        case .submit:
            state.prompt = nil
            return submit(&state, prompt, now: now)
        case .quit:
            requestQuit(&state)
            return []
        default:
            return []
        }
        state.prompt = prompt
        if prompt.purpose == .filter {
            state.browser.setFilter(prompt.text)
            return refreshSubject(&state, now: now)
        }
        return []
    }

    private static func submit(_ state: inout AppState, _ prompt: Prompt, now: Double) -> [Effect] {
        switch prompt.purpose {
        case .filter:
            return refreshSubject(&state, now: now)
        case .url:
            let url = prompt.text.trimmingWhitespace()
            if url.isEmpty { return [] }
            guard URLFetcher.isRemoteURL(url) else {
                state.notice = Notice("Not an http(s) URL: \(url)", isError: true)
                return []
            }
            return startFetch(&state, url: url)
        case .serverAddress:
            guard
                let address = parseAddress(
                    prompt.text, defaultHost: ServerConfiguration.defaultHost,
                    defaultPort: ServerConfiguration.defaultPort)
            else {
                state.notice = Notice("Expected host:port, e.g. \(ServerConfiguration.defaultAddress)", isError: true)
                return []
            }
            state.serverAddress = prompt.text.trimmingWhitespace()
            state.server = .starting(host: address.host, port: address.port)
            return [.startServer(host: address.host, port: address.port)]
        case .exportPath:
            return export(&state, to: prompt.text)
        case .tagLabel, .tagScientificName, .tagDanger:
            return submitTagging(&state, prompt)
        case .model:
            return submitModel(&state, prompt)
        case .bundleName:
            return submitBundleName(&state, prompt)
        }
    }

    /// Scrolls the help overlay; any other key closes it.
    private static func helpAction(_ state: inout AppState, _ action: Action) -> [Effect] {
        let (columns, rows) = (state.layout.columns, state.layout.rows)
        let last = HelpContent.maxScroll(columns: columns, rows: rows)
        let page = max(HelpContent.extent(columns: columns, rows: rows).visible - 1, 1)
        switch action {
        case .move(let delta): state.helpScroll = min(max(state.helpScroll + delta, 0), last)
        case .movePage(let pages): state.helpScroll = min(max(state.helpScroll + pages * page, 0), last)
        case .moveToTop: state.helpScroll = 0
        case .moveToBottom: state.helpScroll = last
        case .quit: requestQuit(&state)
        default:
            state.showsHelp = false
            state.helpScroll = 0
        }
        return []
    }

    /// Quits, unless that would stop the API or lose unexported results: then it says so
    /// once, and the next `q` quits.
    static func requestQuit(_ state: inout AppState) {
        var losses: [String] = []
        if case .running = state.server { losses.append("the API is serving") }
        if state.unexported > 0 { losses.append("\(Format.count(state.unexported, "result")) not exported") }
        guard !losses.isEmpty, !state.quitArmed else {
            state.shouldQuit = true
            return
        }
        state.quitArmed = true
        let export = state.unexported > 0 ? " (r, then e exports)" : ""
        state.notice = Notice(
            "Quit? \(losses.joined(separator: " and ")): q again quits, any other key stays\(export)")
    }

    static func firstLine(of text: String) -> String {
        String(text.split(whereSeparator: \.isNewline).first ?? "").trimmingWhitespace()
    }
}
