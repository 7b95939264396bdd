import Testing

@testable import TUI

/// Cell widths, truncation and sanitising of names.
@Suite struct TextWidthTests {
    @Test func widths() {
        #expect(TextWidth.of("abc") == 3)
        #expect(TextWidth.of("蛇の写真") == 8)
        #expect(TextWidth.of("e\u{301}") == 1)
        #expect(TextWidth.of("⚠ ▀") == 3)
    }

    @Test func truncationRespectsWideCharacters() {
        #expect("hello world".truncated(toWidth: 8) == "hello w…")
        #expect("蛇蛇蛇蛇".truncated(toWidth: 5) == "蛇蛇…")
        #expect("short".truncated(toWidth: 10) == "short")
        #expect("abcdef".truncated(toWidth: 4, ellipsis: "~") == "abc~")
        #expect("abc".padded(toWidth: 5) == "abc  ")
        #expect("7".leftPadded(toWidth: 3) == "  7")
    }

    @Test func controlAndNonASCIICharactersAreReplaced() {
        #expect("a\nb\u{1B}[31m".sanitized(asciiOnly: false) == "a?b?[31m")
        #expect("café 蛇".sanitized(asciiOnly: true) == "caf? ?")
        #expect("café".sanitized(asciiOnly: false) == "café")
    }

    @Test func wrappingBreaksAtSpaces() {
        #expect("one two three four".wrapped(toWidth: 9) == ["one two", "three", "four"])
        #expect("averyveryverylongword x".wrapped(toWidth: 8) == ["averyve…", "x"])
    }
}
