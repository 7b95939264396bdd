#include "Model.h"
#include "COpenVINOBridge.h"
#include "LastError.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// Splits "KEY=VALUE KEY=VALUE" in place (in `text`) into `properties`; -1 when malformed.
static int parse_properties(char *text, ov_property_t *properties) {
    int count = 0;
    char *save = NULL;
    for (char *word = strtok_r(text, " ", &save); word; word = strtok_r(NULL, " ", &save)) {
        char *equals = strchr(word, '=');
        if (equals == NULL || equals == word || count == snk_ov_max_properties) return -1;
        *equals = '\0';
        properties[count].key = word;
        properties[count].value = equals + 1;  // OpenVINO takes string values as const char *
        count++;
    }
    return count;
}

/// Fixes the model's only input to batch x channels x height x width.
static int reshape_batch(ov_model_t *model, int64_t batch, int64_t channels, int64_t height,
                         int64_t width) {
    const int64_t dims[4] = {batch, channels, height, width};
    ov_partial_shape_t shape;
    ov_status_e status = snk_ov.ov_partial_shape_create_static(4, dims, &shape);
    if (status != SNK_OV_OK) return snk_ov_fail_status("cannot make the input shape", status);
    status = snk_ov.ov_model_reshape_single_input(model, shape);
    snk_ov.ov_partial_shape_free(&shape);
    if (status != SNK_OV_OK) return snk_ov_fail_status("cannot fix the batch size", status);
    return 0;
}

/// Compiles `source` (reshaped to `batch` when batch > 0) with the model's properties.
static int compile(snk_ov_model *model, ov_model_t *source, int64_t batch,
                   ov_compiled_model_t **ret_compiled) {
    if (batch > 0 && reshape_batch(source, batch, model->channels, model->height, model->width)) {
        return 1;
    }
    ov_status_e status = snk_ov.ov_core_compile_model_props(
        snk_ov_core, source, "CPU", (size_t)model->property_count, model->property_list,
        ret_compiled);
    if (status != SNK_OV_OK) return snk_ov_fail_status("cannot compile the model", status);
    return 0;
}

static void free_model(snk_ov_model *model) {
    size_t count = model->max_batch > 0 ? (size_t)model->max_batch : 1;
    for (size_t index = 0; model->variants != NULL && index < count; index++) {
        struct snk_ov_variant *variant = &model->variants[index];
        for (size_t request = 0; request < variant->idle_count; request++) {
            snk_ov.ov_infer_request_free(variant->idle[request]);
        }
        free(variant->idle);
        if (variant->compiled) snk_ov.ov_compiled_model_free(variant->compiled);
    }
    free(model->variants);
    if (model->source) snk_ov.ov_model_free(model->source);
    free(model->property_text);
    pthread_mutex_destroy(&model->lock);
    pthread_mutex_destroy(&model->compile_lock);
    free(model);
}

int snk_ov_model_load(const char *path, const char *properties, int64_t static_batch,
                      int64_t channels, int64_t height, int64_t width, snk_ov_model **ret_model) {
    snk_ov_clear_error();
    if (snk_ov_core == NULL) return snk_ov_fail("the OpenVINO runtime is not loaded");
    if (path == NULL || ret_model == NULL || static_batch < 0) {
        return snk_ov_fail("invalid arguments to snk_ov_model_load");
    }
    snk_ov_model *model = calloc(1, sizeof *model);
    size_t variant_count = static_batch > 0 ? (size_t)static_batch : 1;
    if (model == NULL) return snk_ov_fail("out of memory");
    pthread_mutex_init(&model->lock, NULL);
    pthread_mutex_init(&model->compile_lock, NULL);
    model->max_batch = static_batch;
    model->channels = channels;
    model->height = height;
    model->width = width;
    model->variants = calloc(variant_count, sizeof *model->variants);
    model->property_text = strdup(properties ? properties : "");
    if (model->variants == NULL || model->property_text == NULL) {
        free_model(model);
        return snk_ov_fail("out of memory");
    }
    model->property_count = parse_properties(model->property_text, model->property_list);
    if (model->property_count < 0) {
        free_model(model);
        return snk_ov_fail("invalid OpenVINO properties \"%s\" (want KEY=VALUE words, at most %d)",
                           properties, snk_ov_max_properties);
    }
    ov_model_t *source = NULL;
    ov_status_e status = snk_ov.ov_core_read_model(snk_ov_core, path, NULL, &source);
    if (status != SNK_OV_OK) {
        free_model(model);
        return snk_ov_fail_status("cannot read the model", status);
    }
    // Batch 1 now (errors in the model or properties show at load); larger ones on first use.
    int failed = compile(model, source, static_batch > 0 ? 1 : 0, &model->variants[0].compiled);
    if (static_batch > 1) {
        model->source = source;  // the compiled model keeps what it needs; this is for later
    } else {
        snk_ov.ov_model_free(source);
    }
    size_t output_count = 0;
    if (!failed && (status = snk_ov.ov_compiled_model_outputs_size(model->variants[0].compiled,
                                                                     &output_count)) != SNK_OV_OK) {
        failed = snk_ov_fail_status("cannot count the model outputs", status);
    } else if (!failed && (output_count < 1 || output_count > snk_ov_max_outputs)) {
        failed = snk_ov_fail("the model has %zu outputs (want 1 to %d)", output_count, snk_ov_max_outputs);
    }
    if (failed) {
        free_model(model);
        return 1;
    }
    model->output_count = output_count;
    *ret_model = model;
    return 0;
}

struct snk_ov_variant *snk_ov_variant_for(snk_ov_model *model, int64_t batch) {
    if (model->max_batch == 0) return &model->variants[0];
    if (batch < 1 || batch > model->max_batch) {
        snk_ov_fail("the model is compiled for batches of 1 to %lld images, not %lld",
                    (long long)model->max_batch, (long long)batch);
        return NULL;
    }
    struct snk_ov_variant *variant = &model->variants[batch - 1];
    pthread_mutex_lock(&model->lock);
    ov_compiled_model_t *compiled = variant->compiled;
    pthread_mutex_unlock(&model->lock);
    if (compiled != NULL) return variant;
    pthread_mutex_lock(&model->compile_lock);
    pthread_mutex_lock(&model->lock);
    compiled = variant->compiled;  // another thread may have compiled it meanwhile
    pthread_mutex_unlock(&model->lock);
    int failed = 0;
    if (compiled == NULL) {
        failed = compile(model, model->source, batch, &compiled);
        if (!failed) {
            pthread_mutex_lock(&model->lock);
            variant->compiled = compiled;
            pthread_mutex_unlock(&model->lock);
        }
    }
    pthread_mutex_unlock(&model->compile_lock);
    return failed ? NULL : variant;
}

void snk_ov_model_free(snk_ov_model *model) {
    if (model != NULL) free_model(model);
}

int snk_ov_model_property(snk_ov_model *model, const char *key, char *buffer, int64_t capacity) {
    snk_ov_clear_error();
    if (model == NULL || key == NULL || buffer == NULL || capacity <= 0) {
        return snk_ov_fail("invalid arguments to snk_ov_model_property");
    }
    char *value = NULL;
    ov_status_e status = snk_ov.ov_compiled_model_get_property(model->variants[0].compiled, key, &value);
    if (status != SNK_OV_OK) return snk_ov_fail_status(key, status);
    snprintf(buffer, (size_t)capacity, "%s", value ? value : "");
    snk_ov.ov_free(value);
    return 0;
}
