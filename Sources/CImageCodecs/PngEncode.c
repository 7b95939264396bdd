// PNG encoding with libpng into a growable malloc'd buffer, for tests and benchmarks.

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "CodecSupport.h"

typedef struct {
    uint8_t *buffer;
    size_t size;
    size_t capacity;
    int out_of_memory;
    char message[256];
} write_context;

static void on_write(png_structp png, png_bytep data, size_t length) {
    write_context *ctx = png_get_io_ptr(png);
    if (length > ctx->capacity - ctx->size) {
        size_t capacity = ctx->capacity ? ctx->capacity : 64 * 1024;
        while (length > capacity - ctx->size) capacity *= 2;
        uint8_t *buffer = realloc(ctx->buffer, capacity);
        if (buffer == NULL) {
            ctx->out_of_memory = 1;
            png_error(png, "out of memory");
        }
        ctx->buffer = buffer;
        ctx->capacity = capacity;
    }
    memcpy(ctx->buffer + ctx->size, data, length);
    ctx->size += length;
}

static void on_flush(png_structp png) { (void)png; }

static void on_error(png_structp png, png_const_charp message) {
    write_context *ctx = png_get_error_ptr(png);
    snprintf(ctx->message, sizeof ctx->message, "PNG encoding failed: %s", message);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

int snk_encode_png(const uint8_t *pixels, int32_t width, int32_t height, int32_t channels,
                   int32_t bit_depth, int32_t interlaced, uint8_t **out, size_t *out_size,
                   char *error, size_t error_capacity) {
    if (out == NULL || out_size == NULL) return SNK_CODEC_UNSUPPORTED;
    *out = NULL;
    *out_size = 0;
    int color_type = channels == 1   ? PNG_COLOR_TYPE_GRAY
                     : channels == 3 ? PNG_COLOR_TYPE_RGB
                     : channels == 4 ? PNG_COLOR_TYPE_RGB_ALPHA
                                     : -1;
    if (pixels == NULL || width <= 0 || height <= 0 || color_type < 0 ||
        (bit_depth != 8 && bit_depth != 16)) {
        snk_set_error(error, error_capacity, "cannot encode a %dx%d PNG with %d channels of %d bits",
                      width, height, channels, bit_depth);
        return SNK_CODEC_UNSUPPORTED;
    }

    write_context ctx = {0};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &ctx, on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        snk_set_error(error, error_capacity, "out of memory encoding PNG");
        return SNK_CODEC_NO_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(ctx.buffer);  // ctx lives in memory (its address is taken): safe to read here
        snk_set_error(error, error_capacity, "%s", ctx.message);
        return ctx.out_of_memory ? SNK_CODEC_NO_MEMORY : SNK_CODEC_CORRUPT;
    }

    png_set_write_fn(png, &ctx, on_write, on_flush);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, bit_depth, color_type,
                 interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    // 16-bit samples arrive big-endian, which is PNG's own byte order: no png_set_swap.
    int passes = png_set_interlace_handling(png);
    size_t stride = (size_t)width * (size_t)channels * (size_t)(bit_depth / 8);
    for (int pass = 0; pass < passes; pass++)
        for (int32_t y = 0; y < height; y++)
            png_write_row(png, (png_const_bytep)(pixels + (size_t)y * stride));
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);

    *out = ctx.buffer;
    *out_size = ctx.size;
    return SNK_CODEC_OK;
}
