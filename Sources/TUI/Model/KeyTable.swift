/// Where keys are being read: each context has its own bindings.
enum InputContext: Sendable, Equatable {
    case browse
    case review
    /// The labelled set (`L`).
    case labels
    /// The training report.
    case report
    case prompt
    case help
    case tooSmall
}

/// One line of the key table: keys, what they do, and the words the help overlay shows.
struct KeyBinding: Sendable {
    var keys: [Key]
    var action: Action
    var help: String
}

/// The one table of key bindings (like htop's `Action_setBindings` or nnn's `bindings[]`):
/// the key handler and the help overlay both read it, so they cannot disagree.
enum KeyTable {
    /// Bindings while browsing files (the main screen).
    static let browse: [KeyBinding] = [
        KeyBinding(keys: [.up, .character("k")], action: .move(-1), help: "move up"),
        KeyBinding(keys: [.down, .character("j")], action: .move(1), help: "move down"),
        KeyBinding(keys: [.pageUp, .control("b")], action: .movePage(-1), help: "page up"),
        KeyBinding(keys: [.pageDown, .control("f"), .character(" ")], action: .movePage(1), help: "page down"),
        KeyBinding(keys: [.home, .character("g")], action: .moveToTop, help: "first entry"),
        KeyBinding(keys: [.end, .character("G")], action: .moveToBottom, help: "last entry"),
        KeyBinding(keys: [.enter, .right, .character("l")], action: .open, help: "open folder / classify photo now"),
        KeyBinding(keys: [.backspace, .left, .character("h")], action: .goUp, help: "parent folder"),
        KeyBinding(keys: [.character("~")], action: .goHome, help: "home folder"),
        KeyBinding(keys: [.character("e")], action: .openSamples, help: "the sample photos (samples/)"),
        KeyBinding(keys: [.character(".")], action: .toggleHidden, help: "show/hide hidden files"),
        KeyBinding(keys: [.character("/")], action: .beginFilter, help: "filter by name (Esc clears)"),
        KeyBinding(keys: [.character("u")], action: .beginURLPrompt, help: "classify a URL (or just paste one)"),
        KeyBinding(keys: [.character("c")], action: .classifyFolder, help: "classify this folder"),
        KeyBinding(keys: [.character("C")], action: .classifyTree, help: "classify it with its subfolders"),
        KeyBinding(keys: [.control("r")], action: .reloadFolder, help: "reload the folder"),
        KeyBinding(keys: [.character("x")], action: .toggleMap, help: "show/hide where the model looked"),
        KeyBinding(keys: [.character("z")], action: .toggleZoom, help: "zoom the preview (Esc: back)"),
        KeyBinding(keys: [.character("r")], action: .toggleReview, help: "review table of this session"),
        KeyBinding(keys: [.character("s")], action: .toggleServer, help: "start/stop the HTTP API"),
        KeyBinding(keys: [.character("m")], action: .toggleMark, help: "mark/unmark the photo (for t)"),
        KeyBinding(keys: [.character("t")], action: .tag, help: "label the marked photos, or this one"),
        KeyBinding(keys: [.character("L")], action: .showLabels, help: "the labelled set: counts, photos"),
        KeyBinding(keys: [.character("M")], action: .pickModel, help: "choose the model (default or saved)"),
        KeyBinding(keys: [.character("T")], action: .train, help: "train a bundle on the labelled photos"),
        KeyBinding(keys: [.escape], action: .cancel, help: "cancel run/fetch, clear filter/marks"),
        KeyBinding(keys: [.control("l")], action: .redraw, help: "repaint the screen"),
        KeyBinding(keys: [.character("?")], action: .toggleHelp, help: "this help"),
        KeyBinding(keys: [.character("q"), .control("c")], action: .quit, help: "quit"),
    ]

    /// Bindings of the review table.
    static let review: [KeyBinding] = [
        KeyBinding(keys: [.up, .character("k")], action: .move(-1), help: "move up"),
        KeyBinding(keys: [.down, .character("j")], action: .move(1), help: "move down"),
        KeyBinding(keys: [.pageUp, .control("b")], action: .movePage(-1), help: "page up"),
        KeyBinding(keys: [.pageDown, .control("f"), .character(" ")], action: .movePage(1), help: "page down"),
        KeyBinding(keys: [.home, .character("g")], action: .moveToTop, help: "first row"),
        KeyBinding(keys: [.end, .character("G")], action: .moveToBottom, help: "last row"),
        KeyBinding(keys: [.enter], action: .jumpToReviewItem, help: "jump to the item"),
        KeyBinding(
            keys: [.character("p")], action: .sortReview(.snakeProbability),
            help: "sort by snake probability (again: reverse)"),
        KeyBinding(keys: [.character("n")], action: .sortReview(.name), help: "sort by name (again: reverse)"),
        KeyBinding(keys: [.character("o")], action: .sortReview(.order), help: "sort in classification order"),
        KeyBinding(keys: [.character("e")], action: .exportReview, help: "export to CSV and JSON (asks where)"),
        KeyBinding(keys: [.character("m")], action: .toggleMark, help: "mark/unmark the row's photo"),
        KeyBinding(keys: [.character("t")], action: .tag, help: "label the marked photos, or this one"),
        KeyBinding(keys: [.character("L")], action: .showLabels, help: "the labelled set"),
        KeyBinding(keys: [.character("M")], action: .pickModel, help: "choose the model"),
        KeyBinding(keys: [.character("T")], action: .train, help: "train on the labelled photos"),
        KeyBinding(keys: [.escape, .character("r"), .left], action: .toggleReview, help: "close the table"),
        KeyBinding(keys: [.character("s")], action: .toggleServer, help: "start/stop the HTTP API"),
        KeyBinding(keys: [.control("l")], action: .redraw, help: "repaint the screen"),
        KeyBinding(keys: [.character("?")], action: .toggleHelp, help: "this help"),
        KeyBinding(keys: [.character("q"), .control("c")], action: .quit, help: "quit"),
    ]

    /// Bindings of the labelled set (`L`).
    static let labels: [KeyBinding] = [
        KeyBinding(keys: [.up, .character("k")], action: .move(-1), help: "move up"),
        KeyBinding(keys: [.down, .character("j")], action: .move(1), help: "move down"),
        KeyBinding(keys: [.pageUp, .control("b")], action: .movePage(-1), help: "page up"),
        KeyBinding(keys: [.pageDown, .control("f"), .character(" ")], action: .movePage(1), help: "page down"),
        KeyBinding(keys: [.home, .character("g")], action: .moveToTop, help: "first row"),
        KeyBinding(keys: [.end, .character("G")], action: .moveToBottom, help: "last row"),
        KeyBinding(keys: [.enter], action: .jumpToReviewItem, help: "show the photo in the browser"),
        KeyBinding(keys: [.character("m")], action: .toggleMark, help: "mark/unmark the photo"),
        KeyBinding(keys: [.character("t")], action: .tag, help: "relabel the marked photos, or this one"),
        KeyBinding(keys: [.character("T")], action: .train, help: "train on the labelled photos"),
        KeyBinding(keys: [.escape, .character("L"), .left], action: .showLabels, help: "close"),
        KeyBinding(keys: [.control("l")], action: .redraw, help: "repaint the screen"),
        KeyBinding(keys: [.character("?")], action: .toggleHelp, help: "this help"),
        KeyBinding(keys: [.character("q"), .control("c")], action: .quit, help: "quit"),
    ]

    /// Bindings of the training report: the top losses, with the photo's preview beside them.
    static let report: [KeyBinding] = [
        KeyBinding(keys: [.up, .character("k")], action: .move(-1), help: "previous top loss"),
        KeyBinding(keys: [.down, .character("j")], action: .move(1), help: "next top loss"),
        KeyBinding(keys: [.home, .character("g")], action: .moveToTop, help: "worst loss"),
        KeyBinding(keys: [.end, .character("G")], action: .moveToBottom, help: "last loss"),
        KeyBinding(keys: [.enter], action: .jumpToReviewItem, help: "show the photo in the browser"),
        KeyBinding(keys: [.character("t")], action: .tag, help: "relabel the photo"),
        KeyBinding(keys: [.character("T")], action: .train, help: "retrain (features from the cache)"),
        KeyBinding(keys: [.character("M")], action: .pickModel, help: "choose the model"),
        KeyBinding(keys: [.escape], action: .cancel, help: "cancel the training run, else close"),
        KeyBinding(keys: [.control("l")], action: .redraw, help: "repaint the screen"),
        KeyBinding(keys: [.character("?")], action: .toggleHelp, help: "this help"),
        KeyBinding(keys: [.character("q"), .control("c")], action: .quit, help: "quit"),
    ]

    /// Bindings of the help overlay: scrolling; any other key closes it.
    static let help: [KeyBinding] = [
        KeyBinding(keys: [.up, .character("k")], action: .move(-1), help: "scroll up"),
        KeyBinding(keys: [.down, .character("j")], action: .move(1), help: "scroll down"),
        KeyBinding(keys: [.pageUp, .control("b")], action: .movePage(-1), help: "page up"),
        KeyBinding(keys: [.pageDown, .control("f"), .character(" ")], action: .movePage(1), help: "page down"),
        KeyBinding(keys: [.home, .character("g")], action: .moveToTop, help: "top"),
        KeyBinding(keys: [.end, .character("G")], action: .moveToBottom, help: "bottom"),
    ]

    /// Bindings of the one-line prompts (filter, URL, API address); other characters are typed.
    static let prompt: [KeyBinding] = [
        KeyBinding(keys: [.enter], action: .submit, help: "accept"),
        KeyBinding(keys: [.tab], action: .complete, help: "complete (labels)"),
        KeyBinding(keys: [.escape], action: .cancel, help: "cancel"),
        KeyBinding(keys: [.backspace, .control("h")], action: .deleteBackward, help: "delete a character"),
        KeyBinding(keys: [.control("u")], action: .clearLine, help: "clear the line"),
        KeyBinding(keys: [.control("c")], action: .quit, help: "quit"),
    ]

    /// The action for `event` in `context`, or nil when the key does nothing there.
    static func action(for event: InputEvent, in context: InputContext) -> Action? {
        let key: Key
        switch event {
        case .paste(let text):
            return context == .help || context == .tooSmall ? nil : .paste(text)
        case .key(let pressed):
            key = pressed
        }
        switch context {
        case .help:
            // Scrolling keys scroll; any other key closes the help overlay; Ctrl-C still quits.
            if key == .control("c") { return .quit }
            return lookUp(key, in: help) ?? .toggleHelp
        case .tooSmall:
            return key == .character("q") || key == .control("c") ? .quit : nil
        case .browse:
            return lookUp(key, in: browse)
        case .review:
            return lookUp(key, in: review)
        case .labels:
            return lookUp(key, in: labels)
        case .report:
            return lookUp(key, in: report)
        case .prompt:
            if let action = lookUp(key, in: prompt) { return action }
            if case .character(let character) = key { return .insert(String(character)) }
            return nil
        }
    }

    private static func lookUp(_ key: Key, in bindings: [KeyBinding]) -> Action? {
        bindings.first { $0.keys.contains(key) }?.action
    }
}
