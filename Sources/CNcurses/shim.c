#include "CNcurses.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

_Static_assert(SNK_KEY_PASTE_BEGIN > KEY_MAX && SNK_KEY_PASTE_END > KEY_MAX, "paste key codes must not clash");

static SCREEN *snk_screen = NULL;
static int snk_active = 0;

static const char paste_on[] = "\033[?2004h";
static const char paste_off[] = "\033[?2004l";

static void write_all(int fd, const char *bytes, size_t count) {
    while (count > 0) {
        ssize_t written = write(fd, bytes, count);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return;
        bytes += written;
        count -= (size_t)written;
    }
}

int snk_curses_begin(int escape_delay_ms) {
    // newterm, unlike initscr, returns NULL instead of exiting when the terminal is unusable.
    snk_screen = newterm(NULL, stdout, stdin);
    if (snk_screen == NULL) return -1;
    set_term(snk_screen);
    raw();  // Ctrl-C and Ctrl-Z arrive as keys: the UI quits cleanly instead of dying mid-draw
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    // The preview is painted with escape sequences curses does not know about; shifting cells
    // with insert/delete-character would move it, so only ever overwrite cells.
    idcok(stdscr, FALSE);
    idlok(stdscr, FALSE);
    curs_set(0);
    set_escdelay(escape_delay_ms);
    if (has_colors()) {
        start_color();
        use_default_colors();
    }
    define_key("\033[200~", SNK_KEY_PASTE_BEGIN);
    define_key("\033[201~", SNK_KEY_PASTE_END);
    snk_active = 1;
    write_all(STDOUT_FILENO, paste_on, sizeof paste_on - 1);
    return 0;
}

static void stop_resize_notifications(void);

void snk_curses_end(void) {
    stop_resize_notifications();
    if (!snk_active) return;
    snk_active = 0;
    write_all(STDOUT_FILENO, paste_off, sizeof paste_off - 1);
    curs_set(1);
    endwin();
    if (snk_screen != NULL) {
        delscreen(snk_screen);
        snk_screen = NULL;
    }
}

int snk_lines(void) { return LINES; }
int snk_cols(void) { return COLS; }
int snk_colors(void) { return has_colors() ? COLORS : 0; }
int snk_color_pairs(void) { return has_colors() ? COLOR_PAIRS : 0; }

void snk_init_pair(int pair, int foreground, int background) {
    init_extended_pair(pair, foreground, background);
}

unsigned snk_attr_bold(void) { return A_BOLD; }
unsigned snk_attr_dim(void) { return A_DIM; }
unsigned snk_attr_reverse(void) { return A_REVERSE; }
unsigned snk_attr_underline(void) { return A_UNDERLINE; }

void snk_draw(int y, int x, const char *text, unsigned attributes, int pair) {
    wattr_set(stdscr, attributes, (short)pair, NULL);
    mvwaddstr(stdscr, y, x, text);
    wattr_set(stdscr, A_NORMAL, 0, NULL);
}

int snk_alloc_pair(int foreground, int background) { return alloc_pair(foreground, background); }

void snk_free_pair(int pair) { free_pair(pair); }

void snk_draw_pair(int y, int x, const char *text, int pair) {
    wattr_set(stdscr, A_NORMAL, 0, &pair);
    mvwaddstr(stdscr, y, x, text);
    wattr_set(stdscr, A_NORMAL, 0, NULL);
}

void snk_cell_pixels(int *width, int *height) {
    struct winsize size;
    *width = 0;
    *height = 0;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_col == 0 || size.ws_row == 0) return;
    *width = size.ws_xpixel / size.ws_col;
    *height = size.ws_ypixel / size.ws_row;
}

void snk_erase(void) { werase(stdscr); }

void snk_present(int full) {
    if (full) clearok(curscr, TRUE);
    wnoutrefresh(stdscr);
    doupdate();
}

int snk_read_key(int *out) {
    wint_t key = 0;
    int status = wget_wch(stdscr, &key);
    if (status == ERR) return -1;
    *out = (int)key;
    return status == KEY_CODE_YES ? 1 : 0;
}

// MARK: signals

static volatile sig_atomic_t resize_fd = -1;
static struct sigaction previous_winch;

static void on_winch(int signal) {
    int saved = errno;
    if (resize_fd >= 0) {
        char byte = 'r';
        (void)!write(resize_fd, &byte, 1);
    }
    if (previous_winch.sa_flags & SA_SIGINFO) {
        if (previous_winch.sa_sigaction != NULL) previous_winch.sa_sigaction(signal, NULL, NULL);
    } else if (previous_winch.sa_handler != SIG_DFL && previous_winch.sa_handler != SIG_IGN &&
               previous_winch.sa_handler != NULL) {
        previous_winch.sa_handler(signal);
    }
    errno = saved;
}

static void stop_resize_notifications(void) {
    if (resize_fd < 0) return;
    resize_fd = -1;  // the pipe may be closed next; never write to a reused descriptor
    sigaction(SIGWINCH, &previous_winch, NULL);
}

int snk_notify_resize(int fd) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_winch;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    resize_fd = fd;
    return sigaction(SIGWINCH, &action, &previous_winch);
}

static const int restore_signals[] = {SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGSEGV, SIGBUS,
                                      SIGILL,  SIGTRAP, SIGFPE, SIGABRT};
#define RESTORE_SIGNAL_COUNT (sizeof restore_signals / sizeof restore_signals[0])
static struct sigaction previous_actions[RESTORE_SIGNAL_COUNT];
static volatile sig_atomic_t capture_descriptor = -1;
static volatile sig_atomic_t original_stderr = -1;
static volatile sig_atomic_t handlers_installed = 0;

// Like htop's CRT_handleSIGSEGV: endwin is not async-signal-safe, but a terminal left in raw
// mode is worse than the small risk, and the process is about to end anyway.
static void on_fatal(int signal) {
    if (snk_active) {
        snk_active = 0;
        write_all(STDOUT_FILENO, paste_off, sizeof paste_off - 1);
        endwin();
    }
    if (capture_descriptor >= 0 && original_stderr >= 0) {
        char buffer[4096];
        lseek(capture_descriptor, 0, SEEK_SET);
        ssize_t count;
        while ((count = read(capture_descriptor, buffer, sizeof buffer)) > 0)
            write_all(original_stderr, buffer, (size_t)count);
        dup2(original_stderr, STDERR_FILENO);
        capture_descriptor = -1;
    }
    for (size_t i = 0; i < RESTORE_SIGNAL_COUNT; i++) {
        if (restore_signals[i] == signal) {
            sigaction(signal, &previous_actions[i], NULL);
            break;
        }
    }
    raise(signal);
}

void snk_install_restore_handlers(int capture_fd, int original_stderr_fd) {
    capture_descriptor = capture_fd;
    original_stderr = original_stderr_fd;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_fatal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND | SA_NODEFER;
    for (size_t i = 0; i < RESTORE_SIGNAL_COUNT; i++)
        sigaction(restore_signals[i], &action, &previous_actions[i]);
    handlers_installed = 1;
}

void snk_remove_restore_handlers(void) {
    if (!handlers_installed) return;
    for (size_t i = 0; i < RESTORE_SIGNAL_COUNT; i++) sigaction(restore_signals[i], &previous_actions[i], NULL);
    handlers_installed = 0;
    capture_descriptor = -1;
}
