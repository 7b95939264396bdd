#include "LastError.h"
#include "CTorchBridgeAPI.h"

namespace snk {
static thread_local std::string last_error;

void set_last_error(const std::string &message) {
    // c10 messages carry a C++ backtrace after the first line; keep the first line only.
    last_error = message.substr(0, message.find('\n'));
}
}  // namespace snk

extern "C" const char *snk_torch_last_error(void) { return snk::last_error.c_str(); }
