// libFuzzer harness for snk_decode_png with the app's options: the 100,000,000-pixel cap, at full
// size and with the classifier's hint, which the shim honours by averaging blocks of rows (see
// snk_fuzz_decode_both). Inputs are plain PNG files, so any finding reproduces as it is.

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    snk_fuzz_decode_both(snk_decode_png, data, size);
    return 0;
}
