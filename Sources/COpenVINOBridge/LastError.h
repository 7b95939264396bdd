#pragma once
#include "OpenVINOAPI.h"

/// Stores a printf-style message as this thread's last error and returns 1.
int snk_ov_fail(const char *format, ...) __attribute__((format(printf, 1, 2)));

/// Stores "`what`: <OpenVINO's message>" for a failed OpenVINO call and returns 1.
int snk_ov_fail_status(const char *what, ov_status_e status);

/// Clears this thread's last error.
void snk_ov_clear_error(void);
