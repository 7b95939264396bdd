// PNG decoding with libpng's classic API: it lets us check IHDR against the pixel cap before
// anything is allocated. libpng reports errors by longjmp to png_jmpbuf, set in snk_decode_png.

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "CodecSupport.h"

typedef struct {
    const uint8_t *data;
    size_t size;
    size_t offset;
    int status;     // reported when libpng calls on_error
    int truncated;  // libpng asked for bytes past the end
    char message[256];
} read_context;

static void on_read(png_structp png, png_bytep target, size_t length) {
    read_context *ctx = png_get_io_ptr(png);
    if (length > ctx->size - ctx->offset) {
        ctx->truncated = 1;
        png_error(png, "truncated PNG data");
    }
    memcpy(target, ctx->data + ctx->offset, length);
    ctx->offset += length;
}

static void on_error(png_structp png, png_const_charp message) {
    read_context *ctx = png_get_error_ptr(png);
    if (ctx->status == SNK_CODEC_NO_MEMORY)
        snprintf(ctx->message, sizeof ctx->message, "out of memory decoding PNG");
    else if (ctx->truncated)
        snprintf(ctx->message, sizeof ctx->message, "truncated PNG data");
    else
        snprintf(ctx->message, sizeof ctx->message, "corrupt PNG data: %s", message);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp message) {
    (void)png;  // benign problems (bad ancillary chunk CRC, ...) are ignored, as Pillow does
    (void)message;
}

/// No chunk SnakeID does not read is ever buffered: libpng allocates an ancillary chunk's
/// declared length before reading it, so a 45-byte file declaring a 2 GiB tEXt chunk would
/// allocate (and zero) 2 GiB. Text, colour-profile and other chunks are skipped unread (their
/// bytes still pass the CRC reader in small pieces); the chunks kept are bounded below.
static void limit_chunks(png_structp png) {
    // Known chunks libpng would otherwise decode and store (all ignored by Pillow's RGB path).
    static const png_byte ignored[] =
        "tEXt\0zTXt\0iTXt\0iCCP\0sPLT\0hIST\0pCAL\0sCAL\0tIME\0pHYs\0oFFs\0sBIT\0sRGB\0"
        "cHRM\0gAMA\0bKGD\0";
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, NULL, 0);  // unknown chunks
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, ignored, (int)(sizeof ignored / 5));
    // What is still buffered (PLTE, tRNS, eXIf) is small in any valid file.
    png_set_chunk_malloc_max(png, SNK_PNG_MAX_CHUNK_BYTES);
    png_set_chunk_cache_max(png, 128);
}

static int32_t find_orientation(png_structp png, png_infop info) {
#ifdef PNG_eXIf_SUPPORTED
    png_uint_32 size = 0;
    png_bytep exif = NULL;
    if (png_get_eXIf_1(png, info, &size, &exif) != 0 && exif != NULL)
        return snk_exif_orientation(exif, size);
#endif
    (void)png;
    (void)info;
    return 1;
}

/// Asks libpng for 8-bit RGB whatever the file holds. Alpha, including a tRNS chunk that
/// palette expansion turns into alpha, is dropped without compositing, as by Pillow's
/// convert("RGB"). Gamma and colour chunks are ignored, as by Pillow.
/// Returns the number of passes to read (7 for Adam7 interlacing, else 1).
static int request_rgb8(png_structp png, png_infop info) {
    int color_type = png_get_color_type(png, info);
    int bit_depth = png_get_bit_depth(png, info);
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if ((color_type & PNG_COLOR_MASK_COLOR) == 0) {
        if (bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
        png_set_gray_to_rgb(png);
    }
    if (bit_depth == 16) png_set_scale_16(png);  // rounds, unlike strip_16
    // Unconditional: palette expansion also turns a tRNS chunk into alpha.
    png_set_strip_alpha(png);
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    return passes;
}

/// The reduced decode of a large PNG, the counterpart of JPEG's DCT scaling: the strongest
/// power-of-two factor (8, 4, 2) that keeps the shorter side at least `min_shorter_side`
/// (sizes rounded up, as libjpeg does), or 1. Pixels are averaged over factor x factor blocks
/// while rows stream in, so a 100-megapixel PNG never sits in memory at full size.
static uint32_t reduction_factor(png_uint_32 width, png_uint_32 height, int32_t min_shorter_side) {
    if (min_shorter_side <= 0) return 1;
    png_uint_32 shorter = width < height ? width : height;
    for (uint32_t factor = 8; factor >= 2; factor /= 2)
        if ((shorter + factor - 1) / factor >= (png_uint_32)min_shorter_side) return factor;
    return 1;
}

/// Adds one source row into the band's per-output-pixel sums.
static void accumulate_row(const uint8_t *row, png_uint_32 width, uint32_t factor, uint32_t *sums) {
    for (png_uint_32 x = 0; x < width; x++) {
        uint32_t *sum = sums + (size_t)(x / factor) * 3;
        sum[0] += row[x * 3];
        sum[1] += row[x * 3 + 1];
        sum[2] += row[x * 3 + 2];
    }
}

/// Writes the band's block averages (rounded) as one output row and clears the sums.
static void emit_row(uint32_t *sums, png_uint_32 width, uint32_t factor, uint32_t rows, uint8_t *out) {
    png_uint_32 out_width = (width + factor - 1) / factor;
    for (png_uint_32 x = 0; x < out_width; x++) {
        uint32_t columns = (x + 1) * factor <= width ? factor : width - x * factor;
        uint32_t count = columns * rows;
        for (int c = 0; c < 3; c++) {
            out[x * 3 + c] = (uint8_t)((sums[x * 3 + c] + count / 2) / count);
            sums[x * 3 + c] = 0;
        }
    }
}

/// Walks the chunk list of the in-memory file before libpng sees it. libpng allocates a chunk's
/// declared length before reading it (eXIf even past png_set_chunk_malloc_max: a 45-byte file
/// made it malloc 2 GiB), so no chunk may claim more bytes than the file holds.
/// Returns 0 when every chunk fits, 1 when one up to the first image data does not (a truncated
/// or hostile file), 2 when that happens only after the image data (then the trailing chunks
/// are not read: damage past the pixels does not fail the decode).
static int check_chunk_lengths(const uint8_t *data, size_t size) {
    size_t offset = 8;
    int seen_image_data = 0;
    while (size - offset >= 8) {
        const uint8_t *chunk = data + offset;
        uint64_t length = (uint64_t)chunk[0] << 24 | (uint64_t)chunk[1] << 16 | (uint64_t)chunk[2] << 8 | chunk[3];
        if (length + 12 > size - offset) return seen_image_data ? 2 : 1;
        if (memcmp(chunk + 4, "IEND", 4) == 0) return 0;
        if (memcmp(chunk + 4, "IDAT", 4) == 0) seen_image_data = 1;
        offset += 12 + (size_t)length;
    }
    return 0;  // no IEND: libpng says what is missing
}

int snk_decode_png(const uint8_t *data, size_t size, snk_decode_options options,
                   snk_image *out, char *error, size_t error_capacity) {
    if (out == NULL) return SNK_CODEC_CORRUPT;
    memset(out, 0, sizeof *out);
    if (data == NULL || size < 8 || png_sig_cmp(data, 0, 8) != 0) {
        snk_set_error(error, error_capacity, "corrupt PNG data: bad signature");
        return SNK_CODEC_CORRUPT;
    }

    int chunk_lengths = check_chunk_lengths(data, size);
    if (chunk_lengths == 1) {
        snk_set_error(error, error_capacity, "truncated PNG data");
        return SNK_CODEC_CORRUPT;
    }

    read_context ctx = {.data = data, .size = size, .offset = 8, .status = SNK_CODEC_CORRUPT};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &ctx, on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        snk_set_error(error, error_capacity, "out of memory decoding PNG");
        return SNK_CODEC_NO_MEMORY;
    }
    // Touched after setjmp and read after a longjmp, hence volatile.
    uint8_t *volatile pixels = NULL;
    uint8_t *volatile row = NULL;        // one source row, for the reduced decode
    uint32_t *volatile sums = NULL;      // per-output-pixel channel sums of the current band

    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        free(pixels);
        free(row);
        free(sums);
        snk_set_error(error, error_capacity, "%s", ctx.message);
        return ctx.status;
    }

    png_set_read_fn(png, &ctx, on_read);
    png_set_sig_bytes(png, 8);
    // libpng's default 1,000,000-pixel side limit would call a wide image corrupt; the pixel
    // cap below is the limit that matters.
    png_set_user_limits(png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
    limit_chunks(png);
    png_read_info(png, info);

    png_uint_32 width = png_get_image_width(png, info), height = png_get_image_height(png, info);
    int status = snk_check_pixel_limit(width, height, options.max_pixels, error, error_capacity);
    if (status != SNK_CODEC_OK) {
        png_destroy_read_struct(&png, &info, NULL);
        return status;
    }

    int passes = request_rgb8(png, info);
    size_t stride = (size_t)width * 3;
    if (png_get_rowbytes(png, info) != stride) {
        ctx.status = SNK_CODEC_UNSUPPORTED;
        png_error(png, "unexpected row layout");
    }
    if (passes > 1 && (uint64_t)width * height > SNK_PNG_MAX_INTERLACED_PIXELS) {
        snk_set_error(error, error_capacity,
                      "interlaced PNG of %ux%u exceeds the %u-pixel limit for interlaced images",
                      (unsigned)width, (unsigned)height, SNK_PNG_MAX_INTERLACED_PIXELS);
        png_destroy_read_struct(&png, &info, NULL);
        return SNK_CODEC_TOO_LARGE;
    }
    uint32_t factor = passes == 1 ? reduction_factor(width, height, options.min_shorter_side) : 1;
    png_uint_32 out_width = (width + factor - 1) / factor, out_height = (height + factor - 1) / factor;
    pixels = malloc((size_t)out_width * 3 * out_height);
    if (factor > 1) {
        row = malloc(stride);
        sums = calloc((size_t)out_width * 3, sizeof *sums);
    }
    if (pixels == NULL || (factor > 1 && (row == NULL || sums == NULL))) {
        ctx.status = SNK_CODEC_NO_MEMORY;
        png_error(png, "out of memory");
    }
    if (factor == 1) {
        // Row by row rather than png_read_image: no row-pointer array (8 bytes a row) to allocate.
        for (int pass = 0; pass < passes; pass++)
            for (png_uint_32 y = 0; y < height; y++) png_read_row(png, pixels + y * stride, NULL);
    } else {
        for (png_uint_32 y = 0; y < height; y++) {
            png_read_row(png, row, NULL);
            accumulate_row(row, width, factor, sums);
            if ((y + 1) % factor == 0 || y + 1 == height) {
                uint32_t rows = (y % factor) + 1;
                emit_row(sums, width, factor, rows, pixels + (size_t)(y / factor) * out_width * 3);
            }
        }
    }

    // Chunks after the image data (an eXIf may sit there) are read on a best-effort basis:
    // damage past the pixels does not fail the decode, as in Pillow.
    int32_t orientation = find_orientation(png, info);
    if (orientation == 1 && ctx.offset < size && chunk_lengths == 0) {
        if (setjmp(png_jmpbuf(png)) == 0) {
            png_read_end(png, info);
            orientation = find_orientation(png, info);
        }
    }

    png_destroy_read_struct(&png, &info, NULL);
    free(row);
    free(sums);
    out->pixels = pixels;
    out->width = (int32_t)out_width;
    out->height = (int32_t)out_height;
    out->source_width = (int32_t)width;
    out->source_height = (int32_t)height;
    out->orientation = orientation;
    return SNK_CODEC_OK;
}
