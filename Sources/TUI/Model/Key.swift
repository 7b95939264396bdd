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

    /// The events of keys read in one go. Where the terminal has no bracketed paste, a pasted
    /// URL arrives as a burst of characters no one types that fast: from an `http://` or
    /// `https://` on, such a burst becomes one `.paste`, so its letters never run as commands
    /// (`h` going up, `/` filtering). Keys before it stay keys.
    mutating func feed(burst keys: [Key]) -> [InputEvent] {
        var events: [InputEvent] = []
        var index = 0
        while index < keys.count {
            if !isCollecting, let url = Self.typedURL(in: keys[index...]) {
                events.append(.paste(url.text))
                index = url.end
                continue
            }
            if let event = feed(keys[index]) { events.append(event) }
            index += 1
        }
        return events
    }

    /// A URL typed by the terminal at `keys`' start: "http://" or "https://" and the
    /// characters after it, up to a space or another key (an Enter after it stays a key: it
    /// accepts the URL, as when typed by hand).
    private static func typedURL(in keys: ArraySlice<Key>) -> (text: String, end: Int)? {
        var text = ""
        var end = keys.startIndex
        while end < keys.endIndex, case .character(let character) = keys[end], !character.isWhitespace {
            text.append(character)
            end += 1
        }
        guard text.hasPrefix("http://") || text.hasPrefix("https://") else { return nil }
        return (text, end)
    }

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
