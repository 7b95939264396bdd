import Testing

/// The real binary in tmux, one session at a time: each loads the model, and the timings must
/// not compete with one another. Skipped (with the reason) when tmux, the debug `snakeid`
/// beside the tests, the model or `../shared` is missing.
@Suite(
    .serialized,
    .enabled(
        if: TmuxSession.isAvailable, "needs tmux, <scratch>/debug/snakeid beside the tests, the model and ../shared")
)
enum TerminalSessions {}
