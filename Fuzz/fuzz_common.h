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

typedef int (*snk_fuzz_decoder)(const uint8_t *, size_t, snk_decode_options, snk_image *, char *,
                                size_t);

#define SNK_FUZZ_CHECK(condition)                                                              \
    do {                                                                                       \
        if (!(condition)) {                                                                    \
            fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #condition, __FILE__, __LINE__); \
            abort();                                                                           \
        }                                                                                      \
    } while (0)

static inline void snk_fuzz_decode(snk_fuzz_decoder decode, const uint8_t *data, size_t size,
                                   int32_t min_shorter_side) {
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
    snk_image_free(&image);
    SNK_FUZZ_CHECK(image.pixels == NULL);
}

#endif
