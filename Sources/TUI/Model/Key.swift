/// A key press decoded from the terminal (no curses types): what the key table maps to actions.
enum Key: Hashable, Sendable {
    case character(Character)
    /// Ctrl with a letter, given in lower case: `.control("c")` is Ctrl-C.
    case control(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, backspace, delete, tab
    /// The terminal changed size.
    case resize
    /// Bracketed paste markers (ESC [200~ and ESC [201~).
    case pasteBegin, pasteEnd
}

/// Input after bracketed pastes were assembled: a key, or a whole pasted text.
enum InputEvent: Equatable, Sendable {
    case key(Key)
    case paste(String)
}

/// Turns the keys between `.pasteBegin` and `.pasteEnd` into one `InputEvent.paste`, so that a
/// pasted URL is never read as commands.
struct PasteAssembler: Sendable {
    private var buffer: String?

    init() {}

    /// Whether a paste is being collected.
    var isCollecting: Bool { buffer != nil }

    /// The event `key` completes, or nil while a paste is being collected.
    mutating func feed(_ key: Key) -> InputEvent? {
        switch (key, buffer) {
        case (.pasteBegin, _):
            buffer = ""
            return nil
        case (.pasteEnd, let text?):
            buffer = nil
            return .paste(text)
        case (.pasteEnd, nil):
            return nil
        case (.character(let character), _?):
            buffer?.append(character)
            return nil
        case (.enter, _?):
            buffer?.append("\n")
            return nil
        case (.tab, _?):
            buffer?.append("\t")
            return nil
        case (.resize, _):
            return .key(.resize)
        case (_, _?):
            return nil
        case (_, nil):
            return .key(key)
        }
    }
}
