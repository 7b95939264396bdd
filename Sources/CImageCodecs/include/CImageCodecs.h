#ifndef SNK_IMAGE_CODECS_H
#define SNK_IMAGE_CODECS_H

// Thin wrappers over libjpeg-turbo and libpng that never exit(), abort() or longjmp past
// the caller: every failure returns a non-zero status and a message in `error`.
// All functions are reentrant and may run on any thread concurrently.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Status codes shared by the decoders.
typedef enum {
    SNK_CODEC_OK = 0,
    SNK_CODEC_CORRUPT = 1,      ///< truncated or malformed data
    SNK_CODEC_TOO_LARGE = 2,    ///< declared size exceeds the pixel cap (nothing allocated)
    SNK_CODEC_UNSUPPORTED = 3,  ///< a variant this shim does not decode
    SNK_CODEC_NO_MEMORY = 4,
} snk_codec_status;

/// An 8-bit interleaved RGB image owned by the caller; release with `snk_image_free`.
typedef struct {
    uint8_t *pixels;  ///< width * height * 3 bytes, rows top to bottom, no padding
    int32_t width;
    int32_t height;
    int32_t source_width;   ///< size declared in the file, before any DCT scaling
    int32_t source_height;
    int32_t orientation;    ///< EXIF orientation 1...8 found in the file (1 when absent); NOT applied
} snk_image;

/// Decode options.
typedef struct {
    /// Reject images whose declared width * height exceeds this, before allocating.
    uint64_t max_pixels;
    /// When > 0, decode at the strongest power-of-two scale (1/2, 1/4, 1/8) whose shorter side is
    /// still >= this many pixels: JPEG through DCT scaling, a non-interlaced PNG by averaging
    /// blocks while its rows stream in. 0 decodes at full size.
    int32_t min_shorter_side;
} snk_decode_options;

/// Decodes a JPEG (baseline, progressive, gray, YCbCr, CMYK/YCCK incl. Adobe-inverted) to RGB.
/// A truncated file is an error (SNK_CODEC_CORRUPT), not a gray-padded image.
int snk_decode_jpeg(const uint8_t *data, size_t size, snk_decode_options options,
                    snk_image *out, char *error, size_t error_capacity);

/// Decodes a PNG (1-16 bit, gray, gray+alpha, palette, RGB, RGBA, interlaced) to RGB.
/// Alpha is dropped (as PIL's convert("RGB") does); 16-bit samples are scaled to 8 bits.
/// Chunks SnakeID does not use (text, ICC profiles, ...) are skipped unread, and no chunk over
/// 1 MB is buffered, so the memory a PNG costs depends on its pixels only. Interlaced PNGs are
/// limited to 16 megapixels (Adam7 needs the whole image in memory at once).
int snk_decode_png(const uint8_t *data, size_t size, snk_decode_options options,
                   snk_image *out, char *error, size_t error_capacity);

/// Frees the pixels of an image returned by a decoder; safe on a zeroed struct.
void snk_image_free(snk_image *image);

/// Encodes RGB8 pixels as a baseline JPEG into a malloc'd buffer (*out, *out_size); the caller
/// frees it with free(). Used by tests and benchmarks to make images.
int snk_encode_jpeg(const uint8_t *rgb, int32_t width, int32_t height, int32_t quality,
                    uint8_t **out, size_t *out_size, char *error, size_t error_capacity);

/// Encodes pixels as PNG into a malloc'd buffer. `channels` is 1 (gray), 3 (RGB) or 4 (RGBA);
/// `bit_depth` 8 or 16 (16-bit samples are big-endian pairs in `pixels`); `interlaced` selects
/// Adam7. Used by tests to make images.
int snk_encode_png(const uint8_t *pixels, int32_t width, int32_t height, int32_t channels,
                   int32_t bit_depth, int32_t interlaced, uint8_t **out, size_t *out_size,
                   char *error, size_t error_capacity);

#ifdef __cplusplus
}
#endif

#endif
