import Testing

@testable import TUI

/// The key table and bracketed paste, without a terminal.
@Suite struct KeyTableTests {
    @Test(arguments: [
        (Key.character("j"), Action.move(1)), (.down, .move(1)), (.character("k"), .move(-1)), (.up, .move(-1)),
        (.enter, .open), (.right, .open), (.character("l"), .open), (.backspace, .goUp), (.left, .goUp),
        (.character("h"), .goUp), (.character("~"), .goHome), (.character("."), .toggleHidden),
        (.character("/"), .beginFilter), (.character("u"), .beginURLPrompt), (.character("c"), .classifyFolder),
        (.character("r"), .toggleReview), (.character("s"), .toggleServer), (.character("?"), .toggleHelp),
        (.character("q"), .quit), (.control("c"), .quit), (.escape, .cancel), (.pageDown, .movePage(1)),
        (.character("g"), .moveToTop), (.character("G"), .moveToBottom), (.control("l"), .redraw),
    ])
    func browseKeys(key: Key, action: Action) {
        #expect(KeyTable.action(for: .key(key), in: .browse) == action)
    }

    @Test func unboundKeysDoNothing() {
        #expect(KeyTable.action(for: .key(.character("Z")), in: .browse) == nil)
        #expect(KeyTable.action(for: .key(.tab), in: .review) == nil)
    }

    @Test func promptsTypeLettersThatAreCommandsElsewhere() {
        #expect(KeyTable.action(for: .key(.character("q")), in: .prompt) == .insert("q"))
        #expect(KeyTable.action(for: .key(.character("/")), in: .prompt) == .insert("/"))
        #expect(KeyTable.action(for: .key(.enter), in: .prompt) == .submit)
        #expect(KeyTable.action(for: .key(.escape), in: .prompt) == .cancel)
        #expect(KeyTable.action(for: .key(.backspace), in: .prompt) == .deleteBackward)
        #expect(KeyTable.action(for: .key(.control("u")), in: .prompt) == .clearLine)
        #expect(KeyTable.action(for: .key(.control("c")), in: .prompt) == .quit)
    }

    @Test func reviewKeys() {
        #expect(KeyTable.action(for: .key(.enter), in: .review) == .jumpToReviewItem)
        #expect(KeyTable.action(for: .key(.character("p")), in: .review) == .sortReview(.snakeProbability))
        #expect(KeyTable.action(for: .key(.character("n")), in: .review) == .sortReview(.name))
        #expect(KeyTable.action(for: .key(.character("e")), in: .review) == .exportReview)
        #expect(KeyTable.action(for: .key(.escape), in: .review) == .toggleReview)
        #expect(KeyTable.action(for: .key(.character("q")), in: .review) == .quit)
    }

    @Test func anyKeyClosesHelpAndOnlyQuitWorksWhenTooSmall() {
        #expect(KeyTable.action(for: .key(.character("x")), in: .help) == .toggleHelp)
        #expect(KeyTable.action(for: .key(.character("q")), in: .help) == .toggleHelp)
        #expect(KeyTable.action(for: .key(.control("c")), in: .help) == .quit)
        #expect(KeyTable.action(for: .key(.character("j")), in: .tooSmall) == nil)
        #expect(KeyTable.action(for: .key(.character("q")), in: .tooSmall) == .quit)
        #expect(KeyTable.action(for: .paste("x"), in: .help) == nil)
        #expect(KeyTable.action(for: .paste("http://a/b"), in: .browse) == .paste("http://a/b"))
    }

    @Test func labellingKeys() {
        for context in [InputContext.browse, .review, .labels] {
            #expect(KeyTable.action(for: .key(.character("m")), in: context) == .toggleMark)
            #expect(KeyTable.action(for: .key(.character("t")), in: context) == .tag)
            #expect(KeyTable.action(for: .key(.character("L")), in: context) == .showLabels)
        }
        #expect(KeyTable.action(for: .key(.escape), in: .labels) == .showLabels)
        #expect(KeyTable.action(for: .key(.enter), in: .labels) == .jumpToReviewItem)
        #expect(KeyTable.action(for: .key(.tab), in: .prompt) == .complete)
    }

    @Test(arguments: [KeyTable.browse, KeyTable.review, KeyTable.labels, KeyTable.prompt])
    func noKeyIsBoundTwice(table: [KeyBinding]) {
        let keys = table.flatMap(\.keys)
        #expect(Set(keys).count == keys.count)
        #expect(table.allSatisfy { !$0.help.isEmpty && !$0.keys.isEmpty })
    }

    @Test func bracketedPasteBecomesOneEvent() {
        var paste = PasteAssembler()
        #expect(paste.feed(.character("u")) == .key(.character("u")))
        #expect(paste.feed(.pasteBegin) == nil)
        #expect(paste.isCollecting)
        for character in "http://x/q" { #expect(paste.feed(.character(character)) == nil) }
        #expect(paste.feed(.enter) == nil)
        #expect(paste.feed(.escape) == nil)
        #expect(paste.feed(.pasteEnd) == .paste("http://x/q\n"))
        #expect(!paste.isCollecting)
        #expect(paste.feed(.pasteEnd) == nil)
        #expect(paste.feed(.resize) == .key(.resize))
    }

    @Test func keyNamesForHelp() {
        #expect(Glyphs.unicode.name(of: .up) == "↑")
        #expect(Glyphs.ascii.name(of: .up) == "Up")
        #expect(Glyphs.ascii.name(of: .control("c")) == "Ctrl-C")
        #expect(Glyphs.ascii.name(of: .character(" ")) == "Space")
    }
}
