import Foundation
import TestSupport
import Testing

/// `snakeid tui` and bare `snakeid` without a terminal: they must not start curses.
@Suite(.enabled(if: TmuxSession.binary != nil, "needs <scratch>/debug/snakeid beside the tests"))
struct CommandTests {
    @Test func tuiRefusesToRunWithoutATerminal() throws {
        let result = try ProcessRunner.run(TmuxSession.binary!, ["tui", TestPaths.packageRoot], timeout: 60)
        #expect(result.status == 2)
        #expect(result.standardError.contains("the terminal UI needs a terminal"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test func tuiRejectsAMissingFolder() throws {
        let result = try ProcessRunner.run(TmuxSession.binary!, ["tui", "/no/such/folder"], timeout: 60)
        #expect(result.status == 2)
        #expect(result.standardError.contains("not a folder: /no/such/folder"))
    }

    @Test func tuiRejectsAnUnknownPreviewMode() throws {
        let result = try ProcessRunner.run(
            TmuxSession.binary!, ["tui", "--preview", "pixels", TestPaths.packageRoot], timeout: 60)
        #expect(result.status == 2)
        #expect(
            result.standardError.contains("--preview must be one of auto, symbols, sixel, kitty, iterm, not pixels"))
    }

    @Test func bareSnakeidWithoutATerminalPrintsHelp() throws {
        let result = try ProcessRunner.run(TmuxSession.binary!, [], timeout: 60)
        #expect(result.standardOutput.contains("tui") && result.standardOutput.contains("classify"))
        #expect(!result.standardOutput.contains("\u{1B}["))
    }
}
