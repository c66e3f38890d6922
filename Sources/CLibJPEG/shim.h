// libjpeg reports errors by calling error_exit, which must not return; Swift cannot
// longjmp, so the setjmp-guarded calls live here, in C, and Swift sees two plain functions
// that return NULL on failure and never exit the process.
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

struct cr_jpeg_error {
    struct jpeg_error_mgr base;
    jmp_buf jump;
};

static inline void cr_jpeg_error_exit(j_common_ptr cinfo) {
    longjmp(((struct cr_jpeg_error *)cinfo->err)->jump, 1);
}

static inline void cr_jpeg_quiet(j_common_ptr cinfo) { (void)cinfo; }

// A growing in-memory destination whose buffer is always valid, so the error path can free it.
struct cr_jpeg_destination {
    struct jpeg_destination_mgr base;
    unsigned char *buffer;
    size_t capacity;
};

static inline void cr_jpeg_destination_init(j_compress_ptr cinfo) {
    struct cr_jpeg_destination *destination = (struct cr_jpeg_destination *)cinfo->dest;
    destination->base.next_output_byte = destination->buffer;
    destination->base.free_in_buffer = destination->capacity;
}

static inline boolean cr_jpeg_destination_grow(j_compress_ptr cinfo) {
    struct cr_jpeg_destination *destination = (struct cr_jpeg_destination *)cinfo->dest;
    size_t used = destination->capacity;
    unsigned char *grown = (unsigned char *)realloc(destination->buffer, destination->capacity * 2);
    if (grown == NULL) ERREXIT(cinfo, JERR_OUT_OF_MEMORY);
    destination->buffer = grown;
    destination->base.next_output_byte = grown + used;
    destination->base.free_in_buffer = destination->capacity;
    destination->capacity *= 2;
    return TRUE;
}

static inline void cr_jpeg_destination_term(j_compress_ptr cinfo) { (void)cinfo; }

struct cr_jpeg_encoder {
    struct jpeg_compress_struct cinfo;
    struct cr_jpeg_error error;
    struct cr_jpeg_destination destination;
};

/// Encodes tightly packed 8-bit RGB rows as a baseline JFIF JPEG. Returns a malloc'd buffer
/// (free it with free) and its size in *size, or NULL.
static inline unsigned char *cr_jpeg_encode_rgb(
    const unsigned char *pixels, unsigned width, unsigned height, int quality, size_t *size) {
    *size = 0;
    if (pixels == NULL || width == 0 || height == 0) return NULL;
    struct cr_jpeg_encoder *const encoder = (struct cr_jpeg_encoder *)calloc(1, sizeof(struct cr_jpeg_encoder));
    if (encoder == NULL) return NULL;
    encoder->destination.capacity = 65536;
    encoder->destination.buffer = (unsigned char *)malloc(encoder->destination.capacity);
    if (encoder->destination.buffer == NULL) {
        free(encoder);
        return NULL;
    }
    encoder->cinfo.err = jpeg_std_error(&encoder->error.base);
    encoder->error.base.error_exit = cr_jpeg_error_exit;
    encoder->error.base.output_message = cr_jpeg_quiet;
    if (setjmp(encoder->error.jump)) {
        jpeg_destroy_compress(&encoder->cinfo);
        free(encoder->destination.buffer);
        free(encoder);
        return NULL;
    }
    jpeg_create_compress(&encoder->cinfo);
    encoder->destination.base.init_destination = cr_jpeg_destination_init;
    encoder->destination.base.empty_output_buffer = cr_jpeg_destination_grow;
    encoder->destination.base.term_destination = cr_jpeg_destination_term;
    encoder->cinfo.dest = &encoder->destination.base;
    encoder->cinfo.image_width = width;
    encoder->cinfo.image_height = height;
    encoder->cinfo.input_components = 3;
    encoder->cinfo.in_color_space = JCS_RGB;
    jpeg_set_defaults(&encoder->cinfo);
    jpeg_set_quality(&encoder->cinfo, quality, TRUE);
    jpeg_start_compress(&encoder->cinfo, TRUE);
    while (encoder->cinfo.next_scanline < encoder->cinfo.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + (size_t)encoder->cinfo.next_scanline * width * 3);
        jpeg_write_scanlines(&encoder->cinfo, &row, 1);
    }
    jpeg_finish_compress(&encoder->cinfo);
    unsigned char *result = encoder->destination.buffer;
    *size = encoder->destination.capacity - encoder->destination.base.free_in_buffer;
    jpeg_destroy_compress(&encoder->cinfo);
    free(encoder);
    return result;
}

struct cr_jpeg_decoder {
    struct jpeg_decompress_struct cinfo;
    struct cr_jpeg_error error;
    unsigned char *pixels;
};

/// Decodes a JPEG into tightly packed 8-bit RGB. Returns a malloc'd buffer (free it with
/// free) with its dimensions in *width and *height, or NULL for anything libjpeg rejects and
/// for a frame of more than max_pixels (0: no limit), checked on the header libjpeg itself read
/// before anything is allocated: what another parser says the size is does not bound it.
static inline unsigned char *cr_jpeg_decode_rgb_bounded(
    const unsigned char *bytes, size_t count, unsigned long long max_pixels, unsigned *width, unsigned *height) {
    *width = 0;
    *height = 0;
    if (bytes == NULL || count == 0) return NULL;
    struct cr_jpeg_decoder *const decoder = (struct cr_jpeg_decoder *)calloc(1, sizeof(struct cr_jpeg_decoder));
    if (decoder == NULL) return NULL;
    decoder->cinfo.err = jpeg_std_error(&decoder->error.base);
    decoder->error.base.error_exit = cr_jpeg_error_exit;
    decoder->error.base.output_message = cr_jpeg_quiet;
    if (setjmp(decoder->error.jump)) {
        jpeg_destroy_decompress(&decoder->cinfo);
        free(decoder->pixels);
        free(decoder);
        return NULL;
    }
    jpeg_create_decompress(&decoder->cinfo);
    jpeg_mem_src(&decoder->cinfo, bytes, (unsigned long)count);
    jpeg_read_header(&decoder->cinfo, TRUE);
    if (max_pixels != 0 &&
        (unsigned long long)decoder->cinfo.image_width * decoder->cinfo.image_height > max_pixels) {
        jpeg_destroy_decompress(&decoder->cinfo);
        free(decoder);
        return NULL;
    }
    decoder->cinfo.out_color_space = JCS_RGB;
    jpeg_start_decompress(&decoder->cinfo);
    size_t stride = (size_t)decoder->cinfo.output_width * 3;
    decoder->pixels = (unsigned char *)malloc(stride * decoder->cinfo.output_height);
    if (decoder->pixels == NULL) ERREXIT(&decoder->cinfo, JERR_OUT_OF_MEMORY);
    while (decoder->cinfo.output_scanline < decoder->cinfo.output_height) {
        JSAMPROW row = decoder->pixels + (size_t)decoder->cinfo.output_scanline * stride;
        jpeg_read_scanlines(&decoder->cinfo, &row, 1);
    }
    jpeg_finish_decompress(&decoder->cinfo);
    unsigned char *result = decoder->pixels;
    *width = decoder->cinfo.output_width;
    *height = decoder->cinfo.output_height;
    jpeg_destroy_decompress(&decoder->cinfo);
    free(decoder);
    return result;
}

/// cr_jpeg_decode_rgb_bounded without a pixel limit, for callers that decode files they wrote.
static inline unsigned char *cr_jpeg_decode_rgb(
    const unsigned char *bytes, size_t count, unsigned *width, unsigned *height) {
    return cr_jpeg_decode_rgb_bounded(bytes, count, 0, width, height);
}
