/// Asking the terminal itself which bitmaps it shows, for terminals the environment does not
/// name: a kitty graphics query (a 1x1 image, `a=q`: checked, never stored or shown) followed
/// by Primary Device Attributes, which every terminal answers — so the answer is complete once
/// the DA1 reply arrives, and a terminal that ignores the kitty query simply says nothing to it.
enum GraphicsQuery {
    /// What is written to the terminal.
    static let request = "\u{1B}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\u{1B}\\\u{1B}[c"

    /// Whether `reply` holds the DA1 answer (`ESC [ ? … c`), after which nothing more comes.
    static func isComplete(_ reply: [UInt8]) -> Bool {
        da1Parameters(reply) != nil
    }

    /// The protocol the reply shows: kitty when the kitty query was answered OK, sixel when
    /// DA1 lists attribute 4 (sixel graphics), else nil.
    static func graphics(in reply: [UInt8]) -> PixelProtocol? {
        let text = String(decoding: reply, as: UTF8.self)
        if text.contains("\u{1B}_Gi=31;OK") { return .kitty }
        if let parameters = da1Parameters(reply), parameters.contains("4") { return .sixel }
        return nil
    }

    /// The parameters of the DA1 reply (`ESC [ ? 62 ; 4 ; 22 c` → ["62", "4", "22"]).
    private static func da1Parameters(_ reply: [UInt8]) -> [Substring]? {
        let text = String(decoding: reply, as: UTF8.self)
        guard let match = text.firstMatch(of: /\x{1B}\[\?([0-9;]*)c/) else { return nil }
        return match.1.split(separator: ";")
    }
}
