// libFuzzer harness for snk_decode_jpeg with the app's options: the 100,000,000-pixel cap, at
// full size and with the classifier's DCT-scaling hint (see snk_fuzz_decode_both). Inputs are
// plain JPEG files (no option prefix), so any finding reproduces as it is.

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    snk_fuzz_decode_both(snk_decode_jpeg, data, size);
    return 0;
}
