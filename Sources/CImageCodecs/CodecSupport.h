#ifndef SNK_CODEC_SUPPORT_H
#define SNK_CODEC_SUPPORT_H

// Private helpers shared by the codec shims; not part of the module's public header.

#include <stddef.h>
#include <stdint.h>

#include "CImageCodecs.h"

/// The longest side either decoder accepts (libjpeg's own limit is 65500): it bounds one row's
/// memory whatever the pixel cap, e.g. a 100000000x1 PNG.
#define SNK_MAX_SIDE 65500u

/// The largest PNG chunk libpng may buffer (PLTE, tRNS and eXIf are all far smaller).
#define SNK_PNG_MAX_CHUNK_BYTES (1u << 20)

/// The largest interlaced PNG decoded: Adam7 needs the whole image in memory at once, so the
/// reduced decode that bounds other large images does not apply.
#define SNK_PNG_MAX_INTERLACED_PIXELS 16000000u

/// Formats a message into `error` (truncating to `capacity`); a no-op when `error` is NULL.
void snk_set_error(char *error, size_t capacity, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/// Sets `error` to "declared size WxH exceeds the N-pixel limit" and returns
/// SNK_CODEC_TOO_LARGE when width * height exceeds `max_pixels` or a side exceeds SNK_MAX_SIDE;
/// otherwise returns SNK_CODEC_OK.
int snk_check_pixel_limit(uint64_t width, uint64_t height, uint64_t max_pixels, char *error,
                          size_t capacity);

/// Reads the orientation tag (0x0112) from IFD0 of a TIFF-structured Exif block that starts at
/// the byte-order mark ("II" or "MM"). Every read is bounds-checked. Returns 1...8, or 1 when
/// the block is malformed or the tag is absent or out of range.
int32_t snk_exif_orientation(const uint8_t *tiff, size_t size);

#endif
