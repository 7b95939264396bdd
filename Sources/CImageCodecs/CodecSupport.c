#include "CodecSupport.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void snk_set_error(char *error, size_t capacity, const char *format, ...) {
    if (error == NULL || capacity == 0) return;
    va_list args;
    va_start(args, format);
    vsnprintf(error, capacity, format, args);
    va_end(args);
}

int snk_check_pixel_limit(uint64_t width, uint64_t height, uint64_t max_pixels, char *error,
                          size_t capacity) {
    // Both factors fit in 32 bits in JPEG and PNG headers, so the product cannot overflow.
    if (width * height <= max_pixels) {
        if (width <= SNK_MAX_SIDE && height <= SNK_MAX_SIDE) return SNK_CODEC_OK;
        snk_set_error(error, capacity, "declared size %llux%llu has a side over %u pixels",
                      (unsigned long long)width, (unsigned long long)height, SNK_MAX_SIDE);
        return SNK_CODEC_TOO_LARGE;
    }
    snk_set_error(error, capacity, "declared size %llux%llu exceeds the %llu-pixel limit",
                  (unsigned long long)width, (unsigned long long)height,
                  (unsigned long long)max_pixels);
    return SNK_CODEC_TOO_LARGE;
}

// Public (declared in CImageCodecs.h): both decoders allocate pixels with malloc.
void snk_image_free(snk_image *image) {
    if (image == NULL) return;
    free(image->pixels);
    image->pixels = NULL;
}

static uint32_t read_u16(const uint8_t *p, int big_endian) {
    return big_endian ? ((uint32_t)p[0] << 8 | p[1]) : ((uint32_t)p[1] << 8 | p[0]);
}

static uint32_t read_u32(const uint8_t *p, int big_endian) {
    return big_endian ? ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3])
                      : ((uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0]);
}

int32_t snk_exif_orientation(const uint8_t *tiff, size_t size) {
    enum { TAG_ORIENTATION = 0x0112, TYPE_SHORT = 3, TYPE_LONG = 4, ENTRY_SIZE = 12 };
    if (tiff == NULL || size < 8) return 1;
    int big_endian;
    if (tiff[0] == 'I' && tiff[1] == 'I') big_endian = 0;
    else if (tiff[0] == 'M' && tiff[1] == 'M') big_endian = 1;
    else return 1;
    if (read_u16(tiff + 2, big_endian) != 42) return 1;

    uint64_t ifd = read_u32(tiff + 4, big_endian);
    if (ifd + 2 > size) return 1;
    uint64_t count = read_u16(tiff + ifd, big_endian);
    for (uint64_t i = 0; i < count; i++) {
        uint64_t entry = ifd + 2 + i * ENTRY_SIZE;
        if (entry + ENTRY_SIZE > size) return 1;
        if (read_u16(tiff + entry, big_endian) != TAG_ORIENTATION) continue;
        uint32_t type = read_u16(tiff + entry + 2, big_endian);
        uint32_t value;
        if (type == TYPE_SHORT) value = read_u16(tiff + entry + 8, big_endian);
        else if (type == TYPE_LONG) value = read_u32(tiff + entry + 8, big_endian);
        else return 1;
        return (value >= 1 && value <= 8) ? (int32_t)value : 1;
    }
    return 1;
}
