// JPEG decoding with libjpeg-turbo. libjpeg reports fatal errors by calling error_exit, which
// must not return; ours longjmps back into snk_decode_jpeg so the caller gets a status instead
// of a process exit.

#include <setjmp.h>
#include <stdio.h>  // jpeglib.h needs FILE and size_t
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
// after jpeglib.h, which it relies on
#include <jerror.h>

#include "CodecSupport.h"

/// A progressive file can hold thousands of tiny scans that each cost a full pass over the
/// coefficients (a known decoder DoS); real encoders write about ten. djpeg's -maxscans idea,
/// plus a budget of scans x blocks: a fuzzed 58 KB file repeating a scan 490 times over
/// 10000x10000 took 7 s of CPU. 30 M block-scans is twelve scans of a 50-megapixel 4:2:0 image.
enum { MAX_SCANS = 100 };
static const double MAX_BLOCK_SCANS = 30e6;

/// libjpeg's upper bound for its own working memory, beyond which it fails instead of
/// allocating. A progressive (or multi-scan) file keeps every DCT coefficient of the whole image
/// in memory, whatever the output scale: 2 bytes per sample, 300 MB for a 100-megapixel 4:2:0
/// image, so a 540-byte progressive file declaring 10000x10000 cost 0.6-1.1 GB. 160 MB admits
/// a 53-megapixel 4:2:0 progressive JPEG; baseline files stream and need far less.
static const long MAX_WORKING_MEMORY = 160L << 20;

typedef struct {
    struct jpeg_error_mgr pub;  // first member: libjpeg sees a plain jpeg_error_mgr
    struct jpeg_progress_mgr progress;
    jmp_buf jump;
    int status;
    char message[JMSG_LENGTH_MAX];
} decode_context;

static void fail(j_common_ptr cinfo, int status, const char *message) {
    decode_context *ctx = (decode_context *)cinfo->err;
    ctx->status = status;
    snprintf(ctx->message, sizeof ctx->message, "%s", message);
    longjmp(ctx->jump, 1);
}

static void on_error_exit(j_common_ptr cinfo) {
    char text[JMSG_LENGTH_MAX], message[JMSG_LENGTH_MAX + 32];
    (*cinfo->err->format_message)(cinfo, text);
    int status;
    switch (cinfo->err->msg_code) {
    case JERR_OUT_OF_MEMORY:
    case JERR_NO_BACKING_STORE:  // the memory limit was reached
        status = SNK_CODEC_NO_MEMORY;
        snprintf(message, sizeof message, "out of memory decoding JPEG: %s", text);
        break;
    case JERR_IMAGE_TOO_BIG:  // a side over libjpeg's 65500 limit, found while reading the header
        status = SNK_CODEC_TOO_LARGE;
        snprintf(message, sizeof message, "declared size %ux%u exceeds libjpeg's limit",
                 (unsigned)((j_decompress_ptr)cinfo)->image_width,
                 (unsigned)((j_decompress_ptr)cinfo)->image_height);
        break;
    case JERR_BAD_PRECISION:
    case JERR_CONVERSION_NOTIMPL:
    case JERR_NOT_COMPILED:
    case JERR_ARITH_NOTIMPL:
    case JERR_SOF_UNSUPPORTED:  // lossless and hierarchical processes
        status = SNK_CODEC_UNSUPPORTED;
        snprintf(message, sizeof message, "unsupported JPEG variant: %s", text);
        break;
    default:
        status = SNK_CODEC_CORRUPT;
        snprintf(message, sizeof message, "corrupt JPEG data: %s", text);
    }
    fail(cinfo, status, message);
}

/// Warnings (msg_level -1) about recoverable damage are ignored, as Pillow does, except missing
/// data: at the end of the file (JWRN_JPEG_EOF) or at a marker inside a scan (JWRN_HIT_MARKER,
/// a file cut short and closed with EOI), libjpeg would pad the image with gray, and a
/// grey-padded photo gets a silently wrong answer; we want an error instead.
static void on_emit_message(j_common_ptr cinfo, int msg_level) {
    if (msg_level >= 0) return;  // trace messages
    if (cinfo->err->msg_code == JWRN_JPEG_EOF) fail(cinfo, SNK_CODEC_CORRUPT, "truncated JPEG data");
    if (cinfo->err->msg_code == JWRN_HIT_MARKER)
        fail(cinfo, SNK_CODEC_CORRUPT, "truncated JPEG data (the image data ends at a marker)");
    cinfo->err->num_warnings++;
}

/// Never print to stderr; keep the text in case libjpeg asks to output something.
static void on_output_message(j_common_ptr cinfo) {
    decode_context *ctx = (decode_context *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, ctx->message);
}

static void on_progress(j_common_ptr cinfo) {
    if (!cinfo->is_decompressor) return;
    j_decompress_ptr d = (j_decompress_ptr)cinfo;
    double blocks = 0;
    for (int c = 0; c < d->num_components; c++)
        blocks += (double)d->comp_info[c].width_in_blocks * d->comp_info[c].height_in_blocks;
    if (d->input_scan_number > MAX_SCANS || d->input_scan_number * blocks > MAX_BLOCK_SCANS)
        fail(cinfo, SNK_CODEC_CORRUPT, "corrupt JPEG data: too many progressive scans for its size");
}

/// Picks the strongest power-of-two reduction (1/2, 1/4, 1/8) whose output's shorter side is
/// still >= min_shorter_side (libjpeg rounds scaled sizes up, so the check uses its own
/// arithmetic). Only powers of two: other M/8 scales resample inside the IDCT and move
/// predictions away from a full-size decode, while images that are only a little larger than
/// needed decode fast at full size anyway.
static void choose_scale(j_decompress_ptr cinfo, int32_t min_shorter_side) {
    cinfo->scale_num = 1;
    for (unsigned int denom = 8; denom >= 2; denom /= 2) {
        cinfo->scale_denom = denom;
        jpeg_calc_output_dimensions(cinfo);
        JDIMENSION shorter = cinfo->output_width < cinfo->output_height ? cinfo->output_width
                                                                        : cinfo->output_height;
        if (shorter >= (JDIMENSION)min_shorter_side) return;
    }
    cinfo->scale_denom = 1;
    jpeg_calc_output_dimensions(cinfo);
}

/// Pillow's cmyk2rgb, after undoing Adobe's inverted storage (Pillow's "CMYK;I" raw mode).
static void cmyk_to_rgb(const JSAMPLE *in, uint8_t *out, JDIMENSION width, int inverted) {
    for (JDIMENSION x = 0; x < width; x++, in += 4, out += 3) {
        int k = inverted ? 255 - in[3] : in[3];
        int nk = 255 - k;
        for (int i = 0; i < 3; i++) {
            int c = inverted ? 255 - in[i] : in[i];
            int t = c * nk + 128;
            out[i] = (uint8_t)(nk - (((t >> 8) + t) >> 8));
        }
    }
}

/// The first APP1 marker holding Exif data, or 1.
static int32_t find_orientation(j_decompress_ptr cinfo) {
    static const uint8_t exif_header[6] = {'E', 'x', 'i', 'f', 0, 0};
    for (jpeg_saved_marker_ptr m = cinfo->marker_list; m != NULL; m = m->next) {
        if (m->marker != JPEG_APP0 + 1 || m->data_length < sizeof exif_header) continue;
        if (memcmp(m->data, exif_header, sizeof exif_header) != 0) continue;
        return snk_exif_orientation(m->data + 6, m->data_length - 6);
    }
    return 1;
}

int snk_decode_jpeg(const uint8_t *data, size_t size, snk_decode_options options,
                    snk_image *out, char *error, size_t error_capacity) {
    if (out == NULL) return SNK_CODEC_CORRUPT;
    memset(out, 0, sizeof *out);
    if (data == NULL || size == 0) {
        snk_set_error(error, error_capacity, "truncated JPEG data");
        return SNK_CODEC_CORRUPT;
    }

    struct jpeg_decompress_struct cinfo;
    decode_context ctx;
    memset(&ctx, 0, sizeof ctx);
    cinfo.err = jpeg_std_error(&ctx.pub);
    ctx.pub.error_exit = on_error_exit;
    ctx.pub.emit_message = on_emit_message;
    ctx.pub.output_message = on_output_message;
    ctx.progress.progress_monitor = on_progress;
    // Touched after setjmp and read after a longjmp, hence volatile.
    uint8_t *volatile pixels = NULL;
    JSAMPLE *volatile cmyk_row = NULL;

    if (setjmp(ctx.jump)) {
        jpeg_destroy_decompress(&cinfo);
        free(pixels);
        free(cmyk_row);
        snk_set_error(error, error_capacity, "%s", ctx.message);
        return ctx.status;
    }

    jpeg_create_decompress(&cinfo);
    cinfo.progress = &ctx.progress;
    cinfo.mem->max_memory_to_use = MAX_WORKING_MEMORY;
    jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);

    int status = snk_check_pixel_limit(cinfo.image_width, cinfo.image_height, options.max_pixels,
                                       error, error_capacity);
    if (status != SNK_CODEC_OK) {
        jpeg_destroy_decompress(&cinfo);
        return status;
    }

    // Arithmetic coding: rare, shown by no browser, and its decoder fills a file cut short
    // with zeros without a warning, so a 300-byte file decodes as a 14-megapixel image.
    if (cinfo.arith_code) {
        snk_set_error(error, error_capacity, "unsupported JPEG variant: arithmetic coding");
        jpeg_destroy_decompress(&cinfo);
        return SNK_CODEC_UNSUPPORTED;
    }

    int cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    cinfo.dct_method = JDCT_ISLOW;
    if (options.min_shorter_side > 0) choose_scale(&cinfo, options.min_shorter_side);

    jpeg_start_decompress(&cinfo);
    JDIMENSION width = cinfo.output_width, height = cinfo.output_height;
    size_t stride = (size_t)width * 3;
    pixels = malloc(stride * height);
    if (cmyk) cmyk_row = malloc((size_t)width * 4);
    if (pixels == NULL || (cmyk && cmyk_row == NULL))
        fail((j_common_ptr)&cinfo, SNK_CODEC_NO_MEMORY, "out of memory decoding JPEG");

    while (cinfo.output_scanline < height) {
        uint8_t *row = pixels + (size_t)cinfo.output_scanline * stride;
        JSAMPROW target = cmyk ? cmyk_row : row;
        if (jpeg_read_scanlines(&cinfo, &target, 1) != 1)
            fail((j_common_ptr)&cinfo, SNK_CODEC_CORRUPT, "truncated JPEG data");
        if (cmyk) cmyk_to_rgb(cmyk_row, row, width, 1);  // Pillow assumes Adobe (inverted) storage for every CMYK JPEG
    }

    out->orientation = find_orientation(&cinfo);
    out->source_width = (int32_t)cinfo.image_width;
    out->source_height = (int32_t)cinfo.image_height;
    // Every pixel is in: jpeg_finish_decompress would only look for EOI, so skipping it
    // tolerates junk after the image data. (A file cut just before EOI still fails above:
    // the Huffman decoder reads ahead past its last bytes.)
    jpeg_destroy_decompress(&cinfo);
    free(cmyk_row);
    out->pixels = pixels;
    out->width = (int32_t)width;
    out->height = (int32_t)height;
    return SNK_CODEC_OK;
}
