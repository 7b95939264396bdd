import Testing

@testable import TUI

/// Which preview a terminal gets: a bitmap where libchafa's database knows the terminal shows
/// one, symbols inside tmux or when unsure, and what `--preview` / `SNAKEID_PREVIEW` force.
@Suite struct PreviewStyleTests {
    @Test(arguments: [
        (["TERM": "xterm-kitty"], PixelProtocol?.some(.kitty)),
        (["TERM": "foot"], .sixel),
        (["TERM": "mlterm"], .sixel),
        (["TERM": "xterm-256color", "TERM_PROGRAM": "iTerm.app"], .iterm),
        (["TERM": "xterm-256color"], nil),
        (["TERM": "xterm-256color", "VTE_VERSION": "7000"], nil),
        (["TERM": "linux"], nil),
        ([:], nil),
        // tmux and screen pass no images through (libchafa 1.12 has no passthrough).
        (["TERM": "xterm-kitty", "TMUX": "/tmp/tmux-0/default,1,0"], nil),
        (["TERM": "tmux-256color", "TERM_PROGRAM": "iTerm.app"], nil),
        (["TERM": "screen-256color"], nil),
        (["TERM": "foot", "STY": "1.pts-0.host"], nil),
    ])
    func detection(environment: [String: String], expected: PixelProtocol?) {
        #expect(PreviewStyle.detectGraphics(environment: environment) == expected)
    }

    @Test func optionBeatsTheEnvironmentVariableWhichBeatsDetection() {
        let kitty = ["TERM": "xterm-kitty", "SNAKEID_PREVIEW": "sixel"]
        #expect(PreviewStyle.choice(option: nil, environment: kitty) == .sixel)
        #expect(PreviewStyle.choice(option: "symbols", environment: kitty) == .symbols)
        #expect(PreviewStyle.choice(option: "KITTY", environment: [:]) == .kitty)
        #expect(PreviewStyle.choice(option: nil, environment: [:]) == .auto)
        #expect(PreviewChoice.symbols.graphics(environment: ["TERM": "xterm-kitty"]) == nil)
        #expect(PreviewChoice.auto.graphics(environment: ["TERM": "xterm-kitty"]) == .kitty)
        #expect(PreviewChoice.iterm.graphics(environment: ["TMUX": "x"]) == .iterm)
    }

    @Test(arguments: [
        ("\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[?62;22c", PixelProtocol?.some(.kitty)),
        ("\u{1B}[?62;4;22c", .sixel),
        ("\u{1B}[?63;1;2;4;6;9;15;22c", .sixel),
        ("\u{1B}[?62;22c", nil),
        ("\u{1B}[?1;2c", nil),
        ("\u{1B}_Gi=31;ENOTSUPPORTED:no\u{1B}\\\u{1B}[?62;22c", nil),
    ])
    func queryReplies(reply: String, expected: PixelProtocol?) {
        #expect(GraphicsQuery.isComplete(Array(reply.utf8)))
        #expect(GraphicsQuery.graphics(in: Array(reply.utf8)) == expected)
    }

    @Test func aReplyIsCompleteOnlyWithDeviceAttributes() {
        #expect(!GraphicsQuery.isComplete(Array("\u{1B}_Gi=31;OK\u{1B}\\".utf8)))
        #expect(!GraphicsQuery.isComplete(Array("\u{1B}[?62;4".utf8)))
        #expect(GraphicsQuery.request.hasPrefix("\u{1B}_Gi=31,") && GraphicsQuery.request.hasSuffix("\u{1B}[c"))
    }

    @Test func cellShapeFromThePixelSizeOrOneToTwo() {
        #expect(PreviewStyle(colorMode: .trueColor).cellAspect == 0.5)
        let measured = PreviewStyle(colorMode: .trueColor, cellWidth: 9, cellHeight: 18)
        #expect(measured.cellAspect == 0.5 && measured.cellWidth == 9)
        #expect(PreviewStyle(colorMode: .trueColor, cellWidth: 10, cellHeight: 10).cellAspect == 1)
    }
}
