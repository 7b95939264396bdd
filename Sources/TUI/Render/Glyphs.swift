/// The characters the UI draws with: Unicode in a UTF-8 locale, plain ASCII otherwise.
struct Glyphs: Sendable, Equatable {
    /// Whether these are the Unicode glyphs.
    var isUnicode: Bool
    var barFull: String
    var barEmpty: String
    var danger: String
    var ellipsis: String
    var folder: String
    var separator: String
    var vertical: String
    var horizontal: String

    /// Box drawing, block elements and symbols for UTF-8 terminals.
    static let unicode = Glyphs(
        isUnicode: true, barFull: "█", barEmpty: "░", danger: "⚠", ellipsis: "…",
        folder: "▸", separator: "·", vertical: "│", horizontal: "─")

    /// The ASCII fallback for other locales.
    static let ascii = Glyphs(
        isUnicode: false, barFull: "#", barEmpty: ".", danger: "[!]", ellipsis: "~",
        folder: ">", separator: "|", vertical: "|", horizontal: "-")

    /// The name of a key for the help overlay and hints.
    func name(of key: Key) -> String {
        switch key {
        case .character(" "): "Space"
        case .character(let character): String(character)
        case .control(let letter): "Ctrl-" + letter.uppercased()
        case .up: isUnicode ? "↑" : "Up"
        case .down: isUnicode ? "↓" : "Down"
        case .left: isUnicode ? "←" : "Left"
        case .right: isUnicode ? "→" : "Right"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .delete: "Del"
        case .tab: "Tab"
        case .resize: "resize"
        case .pasteBegin, .pasteEnd: "paste"
        }
    }
}
