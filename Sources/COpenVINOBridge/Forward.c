#include "COpenVINOBridge.h"
#include "LastError.h"
#include "Model.h"

#include <stdlib.h>
#include <string.h>

/// An idle request of `variant`, or a new one; NULL (and the error) when none can be made.
static ov_infer_request_t *take_request(snk_ov_model *model, struct snk_ov_variant *variant) {
    ov_infer_request_t *request = NULL;
    pthread_mutex_lock(&model->lock);
    if (variant->idle_count > 0) request = variant->idle[--variant->idle_count];
    pthread_mutex_unlock(&model->lock);
    if (request == NULL) {
        ov_status_e status = snk_ov.ov_compiled_model_create_infer_request(variant->compiled, &request);
        if (status != SNK_OV_OK) {
            snk_ov_fail_status("cannot create an inference request", status);
            return NULL;
        }
    }
    return request;
}

/// Puts `request` back in `variant`'s pool (or frees it when the pool cannot grow).
static void return_request(snk_ov_model *model, struct snk_ov_variant *variant,
                           ov_infer_request_t *request) {
    pthread_mutex_lock(&model->lock);
    if (variant->idle_count == variant->idle_capacity) {
        size_t capacity = variant->idle_capacity ? variant->idle_capacity * 2 : 4;
        ov_infer_request_t **grown = realloc(variant->idle, capacity * sizeof *grown);
        if (grown != NULL) {
            variant->idle = grown;
            variant->idle_capacity = capacity;
        }
    }
    if (variant->idle_count < variant->idle_capacity) {
        variant->idle[variant->idle_count++] = request;
        request = NULL;
    }
    pthread_mutex_unlock(&model->lock);
    if (request != NULL) snk_ov.ov_infer_request_free(request);
}

/// One output tensor of a finished request: its float32 data and floats per image.
struct output_view {
    ov_tensor_t *tensor;
    const float *data;
    int64_t width;
};

/// Reads output `index` of a finished request into `view` (whose tensor the caller frees).
static int read_output(ov_infer_request_t *request, size_t index, int64_t batch,
                       struct output_view *view) {
    ov_status_e status = snk_ov.ov_infer_request_get_output_tensor_by_index(request, index, &view->tensor);
    if (status != SNK_OV_OK) return snk_ov_fail_status("cannot get the model output", status);
    ov_shape_t shape = {0, NULL};
    ov_element_type_e type = 0;
    void *data = NULL;
    int failed = 0;
    if ((status = snk_ov.ov_tensor_get_shape(view->tensor, &shape)) != SNK_OV_OK ||
        (status = snk_ov.ov_tensor_get_element_type(view->tensor, &type)) != SNK_OV_OK ||
        (status = snk_ov.ov_tensor_data(view->tensor, &data)) != SNK_OV_OK) {
        failed = snk_ov_fail_status("cannot read the model output", status);
    } else if (type != SNK_OV_F32) {
        failed = snk_ov_fail("the model outputs element type %d, not float32", (int)type);
    } else {
        int64_t elements = 1;
        for (int64_t axis = 0; axis < shape.rank; axis++) elements *= shape.dims[axis];
        if (shape.rank < 1 || shape.dims[0] != batch || elements % batch != 0) {
            failed = snk_ov_fail("the model output does not have the batch size %lld", (long long)batch);
        } else {
            view->data = data;
            view->width = elements / batch;
        }
    }
    if (shape.dims != NULL) snk_ov.ov_shape_free(&shape);
    return failed;
}

/// Copies the outputs of a finished request into `output`, each image's row holding its outputs
/// side by side in the model's order (logits, then pooled features).
static int copy_outputs(snk_ov_model *model, ov_infer_request_t *request, int64_t batch,
                        float *output, int64_t output_capacity, int64_t *ret_classes) {
    struct output_view views[snk_ov_max_outputs] = {{0}};
    int64_t row = 0;
    int failed = 0;
    for (size_t index = 0; index < model->output_count && !failed; index++) {
        failed = read_output(request, index, batch, &views[index]);
        row += views[index].width;
    }
    if (!failed && batch * row > output_capacity) {
        failed = snk_ov_fail("model output (%lld values per image) does not fit the output buffer",
                             (long long)row);
    }
    if (!failed) {
        int64_t offset = 0;
        for (size_t index = 0; index < model->output_count; index++) {
            const struct output_view *view = &views[index];
            for (int64_t image = 0; image < batch; image++) {
                memcpy(output + image * row + offset, view->data + image * view->width,
                       sizeof(float) * (size_t)view->width);
            }
            offset += view->width;
        }
        *ret_classes = row;
    }
    for (size_t index = 0; index < model->output_count; index++) {
        // The wrappers only: the data belongs to the request.
        if (views[index].tensor != NULL) snk_ov.ov_tensor_free(views[index].tensor);
    }
    return failed;
}

int snk_ov_forward(snk_ov_model *model, const float *input, int64_t batch, int64_t channels,
                   int64_t height, int64_t width, float *output, int64_t output_capacity,
                   int64_t *ret_classes) {
    snk_ov_clear_error();
    if (model == NULL || input == NULL || output == NULL || ret_classes == NULL || batch <= 0) {
        return snk_ov_fail("invalid arguments to snk_ov_forward");
    }
    struct snk_ov_variant *variant = snk_ov_variant_for(model, batch);
    if (variant == NULL) return 1;
    ov_infer_request_t *request = take_request(model, variant);
    if (request == NULL) return 1;
    int64_t dims[4] = {batch, channels, height, width};
    ov_shape_t shape = {4, dims};
    ov_tensor_t *tensor = NULL;
    // No copy: the tensor wraps the caller's buffer, which outlives the inference.
    ov_status_e status =
        snk_ov.ov_tensor_create_from_host_ptr(SNK_OV_F32, shape, (void *)input, &tensor);
    int failed = status != SNK_OV_OK ? snk_ov_fail_status("cannot wrap the input", status) : 0;
    if (!failed && (status = snk_ov.ov_infer_request_set_input_tensor(request, tensor)) != SNK_OV_OK) {
        failed = snk_ov_fail_status("cannot set the model input", status);
    }
    if (!failed && (status = snk_ov.ov_infer_request_infer(request)) != SNK_OV_OK) {
        failed = snk_ov_fail_status("inference failed", status);
    }
    if (!failed) failed = copy_outputs(model, request, batch, output, output_capacity, ret_classes);
    if (tensor != NULL) snk_ov.ov_tensor_free(tensor);
    return_request(model, variant, request);
    return failed;
}
