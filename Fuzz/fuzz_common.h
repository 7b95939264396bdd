// Shared by the libFuzzer harnesses: one decode with the app's options, then the checks that hold
// for every result (see CImageCodecs.h). A broken check aborts, which libFuzzer reports as a crash.

#ifndef SNK_FUZZ_COMMON_H
#define SNK_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "CImageCodecs.h"

/// The app's pixel cap (ImageDecoder, InferenceConfiguration).
#define SNK_FUZZ_MAX_PIXELS 100000000ull
/// The classifier's decode hint (the model's resize_shorter_side).
#define SNK_FUZZ_HINT 256

typedef int (*snk_fuzz_decoder)(const uint8_t *, size_t, snk_decode_options, snk_image *, char *,
                                size_t);

#define SNK_FUZZ_CHECK(condition)                                                              \
    do {                                                                                       \
        if (!(condition)) {                                                                    \
            fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #condition, __FILE__, __LINE__); \
            abort();                                                                           \
        }                                                                                      \
    } while (0)

typedef struct {
    int status;
    int32_t source_width, source_height, orientation;
} snk_fuzz_result;

/// One decode and the contract checks.
static inline snk_fuzz_result snk_fuzz_decode(snk_fuzz_decoder decode, const uint8_t *data,
                                              size_t size, int32_t min_shorter_side) {
    snk_decode_options options = {.max_pixels = SNK_FUZZ_MAX_PIXELS,
                                  .min_shorter_side = min_shorter_side};
    snk_image image;
    memset(&image, 0xA5, sizeof image);  // the decoder must set every field
    char error[512];                     // the app's message buffer size
    memset(error, 'x', sizeof error);
    int status = decode(data, size, options, &image, error, sizeof error);

    if (status == SNK_CODEC_OK) {
        SNK_FUZZ_CHECK(image.pixels != NULL);
        SNK_FUZZ_CHECK(image.width > 0 && image.height > 0);
        SNK_FUZZ_CHECK(image.width <= image.source_width && image.height <= image.source_height);
        SNK_FUZZ_CHECK((uint64_t)image.source_width * (uint64_t)image.source_height <=
                       SNK_FUZZ_MAX_PIXELS);
        SNK_FUZZ_CHECK(image.orientation >= 1 && image.orientation <= 8);
        // The app copies width * height * 3 bytes: the first and last must be addressable.
        size_t bytes = (size_t)image.width * (size_t)image.height * 3;
        volatile uint8_t sink = image.pixels[0];
        sink ^= image.pixels[bytes - 1];
        (void)sink;
    } else {
        SNK_FUZZ_CHECK(status >= SNK_CODEC_CORRUPT && status <= SNK_CODEC_NO_MEMORY);
        SNK_FUZZ_CHECK(image.pixels == NULL);
        SNK_FUZZ_CHECK(memchr(error, 0, sizeof error) != NULL);  // terminated
        SNK_FUZZ_CHECK(error[0] != 0);                           // and says something
    }
    snk_fuzz_result result = {status, image.source_width, image.source_height, image.orientation};
    snk_image_free(&image);
    SNK_FUZZ_CHECK(image.pixels == NULL);
    return result;
}

/// Decodes as the app does: at full size (min_shorter_side 0: CLI/API default) and with the
/// classifier's hint. The hinted decode is skipped when it cannot take another path: the full one
/// succeeded and the shorter side is under twice the hint, so no 1/2, 1/4 or 1/8 reduction
/// applies (as the shim picks them). A file the full decode accepts must decode with the hint
/// too, with the same declared size and orientation.
static inline void snk_fuzz_decode_both(snk_fuzz_decoder decode, const uint8_t *data,
                                        size_t size) {
    snk_fuzz_result full = snk_fuzz_decode(decode, data, size, 0);
    if (full.status == SNK_CODEC_OK) {
        int32_t shorter = full.source_width < full.source_height ? full.source_width
                                                                  : full.source_height;
        if (shorter < 2 * SNK_FUZZ_HINT) return;
    }
    snk_fuzz_result hinted = snk_fuzz_decode(decode, data, size, SNK_FUZZ_HINT);
    if (full.status == SNK_CODEC_OK) {
        SNK_FUZZ_CHECK(hinted.status == SNK_CODEC_OK);
        SNK_FUZZ_CHECK(hinted.source_width == full.source_width &&
                       hinted.source_height == full.source_height);
        SNK_FUZZ_CHECK(hinted.orientation == full.orientation);
    }
}

#endif
