// Baseline JPEG encoding with libjpeg-turbo into a growable malloc'd buffer, for tests and
// benchmarks. A custom destination (not jpeg_mem_dest) so that an error midway can free the
// buffer: jpeg_mem_dest keeps its latest buffer where we cannot reach it.

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
// after jpeglib.h, which it relies on
#include <jerror.h>

#include "CodecSupport.h"

typedef struct {
    struct jpeg_error_mgr pub;  // first member: libjpeg sees a plain jpeg_error_mgr
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
} encode_error;

typedef struct {
    struct jpeg_destination_mgr pub;
    uint8_t *buffer;
    size_t capacity;
} growable_destination;

static void on_error_exit(j_common_ptr cinfo) {
    encode_error *err = (encode_error *)cinfo->err;
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    snprintf(err->message, sizeof err->message, "JPEG encoding failed: %s", text);
    longjmp(err->jump, 1);
}

static void on_output_message(j_common_ptr cinfo) { (void)cinfo; }

static void init_destination(j_compress_ptr cinfo) {
    growable_destination *dest = (growable_destination *)cinfo->dest;
    dest->pub.next_output_byte = dest->buffer;
    dest->pub.free_in_buffer = dest->capacity;
}

/// Called when the buffer is full (free_in_buffer is then 0): doubles it.
static boolean empty_output_buffer(j_compress_ptr cinfo) {
    growable_destination *dest = (growable_destination *)cinfo->dest;
    size_t capacity = dest->capacity * 2;
    uint8_t *buffer = realloc(dest->buffer, capacity);
    if (buffer == NULL) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 0);
    dest->pub.next_output_byte = buffer + dest->capacity;
    dest->pub.free_in_buffer = capacity - dest->capacity;
    dest->buffer = buffer;
    dest->capacity = capacity;
    return TRUE;
}

static void term_destination(j_compress_ptr cinfo) { (void)cinfo; }

int snk_encode_jpeg(const uint8_t *rgb, int32_t width, int32_t height, int32_t quality,
                    uint8_t **out, size_t *out_size, char *error, size_t error_capacity) {
    if (out == NULL || out_size == NULL) return SNK_CODEC_UNSUPPORTED;
    *out = NULL;
    *out_size = 0;
    if (rgb == NULL || width <= 0 || height <= 0 || width > JPEG_MAX_DIMENSION ||
        height > JPEG_MAX_DIMENSION) {
        snk_set_error(error, error_capacity, "cannot encode a %dx%d JPEG", width, height);
        return SNK_CODEC_UNSUPPORTED;
    }

    struct jpeg_compress_struct cinfo;
    encode_error err;
    growable_destination dest = {.capacity = 64 * 1024};
    dest.buffer = malloc(dest.capacity);
    if (dest.buffer == NULL) {
        snk_set_error(error, error_capacity, "out of memory encoding JPEG");
        return SNK_CODEC_NO_MEMORY;
    }
    dest.pub.init_destination = init_destination;
    dest.pub.empty_output_buffer = empty_output_buffer;
    dest.pub.term_destination = term_destination;

    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = on_error_exit;
    err.pub.output_message = on_output_message;
    if (setjmp(err.jump)) {
        jpeg_destroy_compress(&cinfo);
        free(dest.buffer);  // dest lives in memory (its address is taken): safe to read here
        snk_set_error(error, error_capacity, "%s", err.message);
        return err.pub.msg_code == JERR_OUT_OF_MEMORY ? SNK_CODEC_NO_MEMORY : SNK_CODEC_CORRUPT;
    }

    jpeg_create_compress(&cinfo);
    cinfo.dest = &dest.pub;
    cinfo.image_width = (JDIMENSION)width;
    cinfo.image_height = (JDIMENSION)height;
    cinfo.input_components = 3;
    cinfo.in_color_space = JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality < 1 ? 1 : quality > 100 ? 100 : quality, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    size_t stride = (size_t)width * 3;
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = (JSAMPROW)(rgb + (size_t)cinfo.next_scanline * stride);
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);

    *out_size = dest.capacity - dest.pub.free_in_buffer;
    *out = dest.buffer;
    jpeg_destroy_compress(&cinfo);
    return SNK_CODEC_OK;
}
