#ifndef SNK_NCURSES_H
#define SNK_NCURSES_H
// ncursesw for Swift. Swift cannot import curses' function-like macros (COLOR_PAIR, getmaxyx,
// the A_* attributes) nor install signal handlers safely, so shim.c forwards them as functions.
// Threading: like curses itself, every function here must be called from the one UI thread,
// except the signal handlers they install.
#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Key codes the UI defines for bracketed paste (ESC [200~ and ESC [201~), above KEY_MAX.
#define SNK_KEY_PASTE_BEGIN 01001
#define SNK_KEY_PASTE_END 01002

/// Starts curses on stdin/stdout: raw keys, no echo, keypad, hidden cursor, no
/// insert/delete-character optimisation, colours when the terminal has them, bracketed paste.
/// Returns 0, or -1 when the terminal cannot be set up (nothing is left changed then).
int snk_curses_begin(int escape_delay_ms);

/// Restores the terminal (bracketed paste off, endwin) and stops resize notifications. Safe to
/// call twice.
void snk_curses_end(void);

/// The screen size in cells.
int snk_lines(void);
int snk_cols(void);

/// Colours the terminal supports (0 when none) and the colour pairs available.
int snk_colors(void);
int snk_color_pairs(void);

/// Defines colour pair `pair` (1...) as foreground/background colour numbers (-1: default).
void snk_init_pair(int pair, int foreground, int background);

/// Attribute bits, for `snk_draw`.
unsigned snk_attr_bold(void);
unsigned snk_attr_dim(void);
unsigned snk_attr_reverse(void);
unsigned snk_attr_underline(void);

/// Writes UTF-8 (or ASCII) text at row `y`, column `x` with attributes and colour pair.
/// The caller clips the text to the screen; curses stops at the right edge anyway.
void snk_draw(int y, int x, const char *text, unsigned attributes, int pair);

/// A colour pair for foreground/background colour numbers (-1: default; packed RGB on a
/// direct-colour terminal), allocated on first use (curses' `alloc_pair`); -1 when none is left.
int snk_alloc_pair(int foreground, int background);

/// Gives a pair from `snk_alloc_pair` back.
void snk_free_pair(int pair);

/// Writes text in colour pair `pair` (any pair number, also above 32767).
void snk_draw_pair(int y, int x, const char *text, int pair);

/// The size of a cell in pixels, from the terminal (TIOCGWINSZ); 0 when it does not say.
void snk_cell_pixels(int *width, int *height);

/// Clears the virtual screen (nothing is sent until `snk_present`).
void snk_erase(void);

/// Sends the changes of the virtual screen to the terminal. `full` repaints everything.
void snk_present(int full);

/// Reads one key without waiting. Returns 0 with a character in *out, 1 with a KEY_* code in
/// *out, or -1 when no input is pending.
int snk_read_key(int *out);

/// Writes a byte to `fd` whenever SIGWINCH arrives (then calls curses' own handler), so a
/// poll() on the other end of a pipe wakes up on resize. Returns 0 or -1.
int snk_notify_resize(int fd);

/// On SIGTERM, SIGHUP, SIGINT, SIGQUIT and fatal signals (SIGSEGV, SIGBUS, SIGILL, SIGTRAP,
/// SIGFPE, SIGABRT): restores the terminal, copies what was captured in `capture_fd` to
/// `original_stderr_fd`, then runs the previous handler (or the default action).
void snk_install_restore_handlers(int capture_fd, int original_stderr_fd);

/// Removes the handlers installed by `snk_install_restore_handlers`.
void snk_remove_restore_handlers(void);

#ifdef __cplusplus
}
#endif

#endif
