#include "Model.h"
#include "COpenVINOBridge.h"
#include "LastError.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { max_properties = 16 };

/// Splits "KEY=VALUE KEY=VALUE" in place (in `text`) into `properties`; -1 when malformed.
static int parse_properties(char *text, ov_property_t *properties) {
    int count = 0;
    char *save = NULL;
    for (char *word = strtok_r(text, " ", &save); word; word = strtok_r(NULL, " ", &save)) {
        char *equals = strchr(word, '=');
        if (equals == NULL || equals == word || count == max_properties) return -1;
        *equals = '\0';
        properties[count].key = word;
        properties[count].value = equals + 1;  // OpenVINO takes string values as const char *
        count++;
    }
    return count;
}

/// Fixes the batch axis of the model's only input to `batch`, keeping the other dimensions.
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

int snk_ov_model_load(const char *path, const char *properties, int64_t static_batch,
                      int64_t channels, int64_t height, int64_t width, snk_ov_model **ret_model) {
    snk_ov_clear_error();
    if (snk_ov_core == NULL) return snk_ov_fail("the OpenVINO runtime is not loaded");
    if (path == NULL || ret_model == NULL) return snk_ov_fail("invalid arguments to snk_ov_model_load");
    char *text = strdup(properties ? properties : "");
    ov_property_t list[max_properties];
    int count = text ? parse_properties(text, list) : -1;
    if (count < 0) {
        free(text);
        return snk_ov_fail("invalid OpenVINO properties \"%s\" (want KEY=VALUE words, at most %d)",
                           properties, max_properties);
    }
    ov_model_t *model = NULL;
    ov_compiled_model_t *compiled = NULL;
    ov_status_e status = snk_ov.ov_core_read_model(snk_ov_core, path, NULL, &model);
    int failed = status != SNK_OV_OK ? snk_ov_fail_status("cannot read the model", status) : 0;
    if (!failed && static_batch > 0) {
        failed = reshape_batch(model, static_batch, channels, height, width);
    }
    if (!failed) {
        status = snk_ov.ov_core_compile_model_props(snk_ov_core, model, "CPU", (size_t)count, list,
                                                    &compiled);
        if (status != SNK_OV_OK) failed = snk_ov_fail_status("cannot compile the model", status);
    }
    if (model) snk_ov.ov_model_free(model);  // the compiled model keeps what it needs
    free(text);
    size_t output_count = 0;
    if (!failed && (status = snk_ov.ov_compiled_model_outputs_size(compiled, &output_count)) != SNK_OV_OK) {
        failed = snk_ov_fail_status("cannot count the model outputs", status);
    } else if (!failed && (output_count < 1 || output_count > snk_ov_max_outputs)) {
        failed = snk_ov_fail("the model has %zu outputs (want 1 to %d)", output_count, snk_ov_max_outputs);
    }
    if (failed) {
        if (compiled) snk_ov.ov_compiled_model_free(compiled);
        return 1;
    }
    snk_ov_model *result = calloc(1, sizeof *result);
    if (result == NULL) {
        snk_ov.ov_compiled_model_free(compiled);
        return snk_ov_fail("out of memory");
    }
    result->compiled = compiled;
    result->output_count = output_count;
    pthread_mutex_init(&result->lock, NULL);
    *ret_model = result;
    return 0;
}

void snk_ov_model_free(snk_ov_model *model) {
    if (model == NULL) return;
    for (size_t index = 0; index < model->idle_count; index++) {
        snk_ov.ov_infer_request_free(model->idle[index]);
    }
    free(model->idle);
    snk_ov.ov_compiled_model_free(model->compiled);
    pthread_mutex_destroy(&model->lock);
    free(model);
}

int snk_ov_model_property(snk_ov_model *model, const char *key, char *buffer, int64_t capacity) {
    snk_ov_clear_error();
    if (model == NULL || key == NULL || buffer == NULL || capacity <= 0) {
        return snk_ov_fail("invalid arguments to snk_ov_model_property");
    }
    char *value = NULL;
    ov_status_e status = snk_ov.ov_compiled_model_get_property(model->compiled, key, &value);
    if (status != SNK_OV_OK) return snk_ov_fail_status(key, status);
    snprintf(buffer, (size_t)capacity, "%s", value ? value : "");
    snk_ov.ov_free(value);
    return 0;
}
