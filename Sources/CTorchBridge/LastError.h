#pragma once
#include <exception>
#include <string>

namespace snk {
void set_last_error(const std::string &message);

// Runs `body`, turning any exception into a stored message and a non-zero return.
template <typename Body> int guarded(Body body) {
    try {
        set_last_error("");
        body();
        return 0;
    } catch (const std::exception &error) {
        set_last_error(error.what());
    } catch (...) {
        set_last_error("unknown C++ exception");
    }
    return 1;
}
}  // namespace snk
