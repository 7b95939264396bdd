import Foundation
import TestSupport
import Testing

extension TerminalSessions {
    /// The preview on the real binary in tmux: libchafa's symbols (tmux passes no images
    /// through, whatever the outer terminal), the zoom key, the ASCII look.
    @Suite struct TmuxPreviewTests {
        let snakes = TestPaths.shared + "/images/snakes"

        /// Characters of libchafa's symbol art in the preview's part of the screen (right of the
        /// 36-column browser at 120 columns, above the panel).
        func previewSymbols(_ lines: [String], rows: Range<Int> = 1..<17, from column: Int = 37) -> Int {
            lines[min(rows.lowerBound, lines.count)..<min(rows.upperBound, lines.count)].reduce(0) { count, line in
                count
                    + Array(line).dropFirst(column).filter { character in
                        character.unicodeScalars.allSatisfy { (0x2500...0x259F).contains($0.value) }
                    }.count
            }
        }

        @Test func symbolsInsideTmuxEvenWhereTheOuterTerminalShowsImages() throws {
            // Variables that would pick kitty or iTerm2 outside tmux.
            let ui = try TmuxSession(
                ["tui", snakes], environment: ["TERM_PROGRAM": "iTerm.app", "COLORTERM": "truecolor"])
            try ui.waitFor("17 images")
            try select("boa", in: ui)
            let screen = try ui.waitUntil("symbol art in the preview") { previewSymbols($0) >= 100 }
            let text = screen.joined(separator: "\n")
            #expect(!text.contains("_Ga=") && !text.contains("1337;File"), "\(text)")
            #expect(screen.contains { $0.contains("boa_constrictor") })

            // z: the picture takes the screen (the browser goes); Esc brings the panes back.
            try ui.press("z")
            // A 4:3 photo over the 37 body rows: about 98 x 37 cells, most of them symbols.
            let before = previewSymbols(screen, rows: 1..<38, from: 0)
            try ui.waitUntil("the zoomed preview") { lines in
                !lines.contains { $0.contains("│ Species") } && previewSymbols(lines, rows: 1..<38, from: 0) > 1500
            }
            #expect(before < 1000)
            try ui.press("Escape")
            try ui.waitUntil("the panes again") { $0.contains { $0.contains("│ Species") } }
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
        }

        /// Filters the browser down to the photo whose name contains `name`.
        func select(_ name: String, in ui: TmuxSession) throws {
            try ui.press("/")
            try ui.type(name)
            try ui.press("Enter")
        }

        /// The preview's part of the screen as text.
        func previewArea(_ lines: [String]) -> [String] {
            lines.dropFirst().prefix(16).map { String(Array($0).dropFirst(37)) }
        }

        /// `x` draws the occlusion map in the preview instead of the photo, and back.
        @Test func theMapReplacesThePhotoInThePreview() throws {
            let ui = try TmuxSession(["tui", snakes], environment: ["COLORTERM": "truecolor"])
            try ui.waitFor("17 images")
            try select("horned", in: ui)
            try ui.waitFor("A dangerous species cannot be ruled out")
            let photo = previewArea(try ui.waitUntil("the photo") { previewSymbols($0) >= 100 })
            try ui.press("x")
            try ui.waitFor("map: red = covering it changed the answer most")
            let map = previewArea(
                try ui.waitUntil("the map in the preview") { previewSymbols($0) >= 100 && previewArea($0) != photo })
            #expect(map != photo)
            try ui.press("x")
            try ui.waitUntil("the photo again") { previewArea($0) == photo }
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
        }

        /// Bitmaps forced on (tmux swallows their escape sequences): nothing of them shows as
        /// text, moving, zoom, help and quit keep working.
        @Test(arguments: ["kitty", "sixel", "iterm"])
        func forcedBitmapModesLeaveNoTextBehind(mode: String) throws {
            let ui = try TmuxSession(["tui", "--preview", mode, snakes], environment: ["COLORTERM": "truecolor"])
            try ui.waitFor("17 images")
            try ui.press("j", "j")
            try ui.waitFor("3/17")
            try ui.press("z")
            try ui.press("Escape")
            try ui.press("?")
            try ui.waitFor("SnakeID keys")
            try ui.press("x")
            // The hints line is the frame's last row but one: once it shows, curses has written
            // the rows above it too (not the help's frame any more).
            let screen = try ui.waitUntil("the panes again") { lines in
                lines.contains { $0.contains("hognose") } && lines.contains { $0.hasPrefix(" ? help") }
                    && !lines.contains { $0.contains("SnakeID keys") }
            }
            let text = screen.joined(separator: "\n")
            #expect(previewSymbols(screen) == 0, "\(text)")
            for fragment in ["_G", "a=T", "1337", "File=", "\"1;1;"] {
                #expect(!text.contains(fragment), "\(fragment) on screen:\n\(text)")
            }
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
        }

        @Test func asciiLookOutsideUTF8() throws {
            let ui = try TmuxSession(["tui", snakes], environment: ["LANG": "C", "LC_ALL": "C", "NO_COLOR": "1"])
            try ui.waitFor("17 images")
            let screen = try ui.waitUntil("ASCII art in the preview") { lines in
                lines.dropFirst().prefix(14).map { String(Array($0).dropFirst(37)) }.joined()
                    .filter { !$0.isWhitespace }.count >= 100
            }
            #expect(screen.joined().allSatisfy { $0.isASCII }, "\(screen.joined(separator: "\n"))")
            try ui.press("q")
            try ui.waitFor(TmuxSession.exitMarker + " 0")
        }
    }
}
