#include "LastError.h"
#include "COpenVINOBridge.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char last_error[1024];

int snk_ov_fail(const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(last_error, sizeof last_error, format, arguments);
    va_end(arguments);
    return 1;
}

int snk_ov_fail_status(const char *what, ov_status_e status) {
    // OpenVINO's message (kept per thread by the C API) may name the C++ source line first and
    // continue over several lines; keep its last non-empty line, which says what went wrong.
    const char *message = snk_ov.ov_get_last_err_msg ? snk_ov.ov_get_last_err_msg() : NULL;
    const char *info = snk_ov.ov_get_error_info ? snk_ov.ov_get_error_info(status) : NULL;
    char detail[768] = "";
    if (message != NULL) {
        snprintf(detail, sizeof detail, "%s", message);
        size_t length = strlen(detail);
        while (length > 0 && (detail[length - 1] == '\n' || detail[length - 1] == ' ')) {
            detail[--length] = '\0';
        }
        char *line = strrchr(detail, '\n');
        if (line != NULL) memmove(detail, line + 1, strlen(line + 1) + 1);
    }
    if (detail[0] == '\0' && info != NULL) snprintf(detail, sizeof detail, "%s", info);
    if (detail[0] == '\0') snprintf(detail, sizeof detail, "status %d", (int)status);
    return snk_ov_fail("%s: %s", what, detail);
}

void snk_ov_clear_error(void) { last_error[0] = '\0'; }

const char *snk_ov_last_error(void) { return last_error; }
