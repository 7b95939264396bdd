/// A terminal graphics protocol that shows real pixels.
enum PixelProtocol: String, Sendable, Hashable, CaseIterable {
    case kitty
    case sixel
    case iterm
}

/// What `--preview` or `SNAKEID_PREVIEW` asks for.
enum PreviewChoice: String, Sendable, CaseIterable {
    case auto
    case symbols
    case sixel
    case kitty
    case iterm

    /// The protocol forced by this choice, nil for symbols; `auto` detects.
    func graphics(environment: [String: String]) -> PixelProtocol? {
        switch self {
        case .auto: PreviewStyle.detectGraphics(environment: environment)
        case .symbols: nil
        case .sixel: .sixel
        case .kitty: .kitty
        case .iterm: .iterm
        }
    }
}

/// How previews are drawn on this terminal: symbols in its colours (and glyph set), or a
/// bitmap, and the shape of its cells.
struct PreviewStyle: Hashable, Sendable {
    var colorMode: ColorMode
    /// ASCII symbols only (non-UTF-8 locales).
    var asciiOnly: Bool
    /// A bitmap protocol, or nil for symbols.
    var graphics: PixelProtocol?
    /// A cell's width divided by its height (0.5 when unknown: cells are about twice as tall).
    var cellAspect: Double
    /// A cell's size in pixels, for bitmaps (10 x 20 when the terminal does not say).
    var cellWidth: Int
    var cellHeight: Int

    init(
        colorMode: ColorMode, asciiOnly: Bool = false, graphics: PixelProtocol? = nil, cellWidth: Int = 0,
        cellHeight: Int = 0
    ) {
        self.colorMode = colorMode
        self.asciiOnly = asciiOnly
        self.graphics = graphics
        let known = cellWidth > 0 && cellHeight > 0
        self.cellWidth = known ? cellWidth : 10
        self.cellHeight = known ? cellHeight : 20
        self.cellAspect = Double(self.cellWidth) / Double(self.cellHeight)
    }

    /// The bitmap protocol this terminal shows, from its environment: libchafa's terminal
    /// database (TERM, TERM_PROGRAM and friends). Inside tmux or screen, which pass no images
    /// through, or when unsure: nil (symbols).
    static func detectGraphics(environment: [String: String]) -> PixelProtocol? {
        let term = environment["TERM"] ?? ""
        if environment["TMUX"].map({ !$0.isEmpty }) == true || environment["STY"].map({ !$0.isEmpty }) == true
            || term.hasPrefix("screen") || term.hasPrefix("tmux")
        {
            return nil
        }
        return ChafaRenderer.detectGraphics(environment: environment)
    }

    /// The choice named by `--preview` (when given) or else `SNAKEID_PREVIEW`.
    static func choice(option: String?, environment: [String: String]) -> PreviewChoice {
        let name = option ?? environment["SNAKEID_PREVIEW"] ?? ""
        return PreviewChoice(rawValue: name.lowercased()) ?? .auto
    }
}
