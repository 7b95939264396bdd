#ifndef SNK_CHAFA_SHIM_H
#define SNK_CHAFA_SHIM_H
// libchafa (symbol art, sixel, kitty and iTerm2 images) for the terminal UI's preview.
// Flags come from pkg-config (chafa, glib-2.0): Debian's libchafa-dev and libglib2.0-dev.
#include <chafa.h>
#endif
