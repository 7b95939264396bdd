// libFuzzer harness for snk_decode_png. Every input is decoded twice, as the app does it: at
// full size (min_shorter_side 0) and with the classifier's hint (min_shorter_side 256, which a
// shim that reduces large PNGs while reading honours and an older one ignores), so that any file
// found here reproduces as it is, with no option prefix.

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    snk_fuzz_decode(snk_decode_png, data, size, 0);
    snk_fuzz_decode(snk_decode_png, data, size, 256);
    return 0;
}
