/// The characters the UI draws with: Unicode in a UTF-8 locale, plain ASCII otherwise.
struct Glyphs: Sendable, Equatable {
    /// Whether these are the Unicode glyphs.
    var isUnicode: Bool
    /// The upper half block the preview paints two pixels per cell with.
    var upperHalf: String
    var barFull: String
    var barEmpty: String
    var danger: String
    var ellipsis: String
    var folder: String
    var separator: String
    var vertical: String
    var horizontal: String
    /// Dark to light is the reverse: index 0 is the darkest shade.
    var shades: [String]

    /// Box drawing, block elements and symbols for UTF-8 terminals.
    static let unicode = Glyphs(
        isUnicode: true, upperHalf: "▀", barFull: "█", barEmpty: "░", danger: "⚠", ellipsis: "…",
        folder: "▸", separator: "·", vertical: "│", horizontal: "─", shades: [" ", "░", "▒", "▓", "█"])

    /// The ASCII fallback for other locales.
    static let ascii = Glyphs(
        isUnicode: false, upperHalf: "#", barFull: "#", barEmpty: ".", danger: "[!]", ellipsis: "~",
        folder: ">", separator: "|", vertical: "|", horizontal: "-",
        shades: [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"])

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
