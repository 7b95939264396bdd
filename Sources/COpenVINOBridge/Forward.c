#include "COpenVINOBridge.h"
#include "LastError.h"
#include "Model.h"

#include <stdlib.h>
#include <string.h>

/// An idle request of `model`, or a new one; NULL (and the error) when none can be made.
static ov_infer_request_t *take_request(snk_ov_model *model) {
    ov_infer_request_t *request = NULL;
    pthread_mutex_lock(&model->lock);
    if (model->idle_count > 0) request = model->idle[--model->idle_count];
    pthread_mutex_unlock(&model->lock);
    if (request == NULL) {
        ov_status_e status = snk_ov.ov_compiled_model_create_infer_request(model->compiled, &request);
        if (status != SNK_OV_OK) {
            snk_ov_fail_status("cannot create an inference request", status);
            return NULL;
        }
    }
    return request;
}

/// Puts `request` back in the pool (or frees it when the pool cannot grow).
static void return_request(snk_ov_model *model, ov_infer_request_t *request) {
    pthread_mutex_lock(&model->lock);
    if (model->idle_count == model->idle_capacity) {
        size_t capacity = model->idle_capacity ? model->idle_capacity * 2 : 4;
        ov_infer_request_t **grown = realloc(model->idle, capacity * sizeof *grown);
        if (grown != NULL) {
            model->idle = grown;
            model->idle_capacity = capacity;
        }
    }
    if (model->idle_count < model->idle_capacity) {
        model->idle[model->idle_count++] = request;
        request = NULL;
    }
    pthread_mutex_unlock(&model->lock);
    if (request != NULL) snk_ov.ov_infer_request_free(request);
}

/// Copies the output tensor of a finished request into `output`.
static int copy_output(ov_infer_request_t *request, int64_t batch, float *output,
                       int64_t output_capacity, int64_t *ret_classes) {
    ov_tensor_t *tensor = NULL;
    ov_status_e status = snk_ov.ov_infer_request_get_output_tensor(request, &tensor);
    if (status != SNK_OV_OK) return snk_ov_fail_status("cannot get the model output", status);
    ov_shape_t shape = {0, NULL};
    ov_element_type_e type = 0;
    void *data = NULL;
    int failed = 0;
    if ((status = snk_ov.ov_tensor_get_shape(tensor, &shape)) != SNK_OV_OK ||
        (status = snk_ov.ov_tensor_get_element_type(tensor, &type)) != SNK_OV_OK ||
        (status = snk_ov.ov_tensor_data(tensor, &data)) != SNK_OV_OK) {
        failed = snk_ov_fail_status("cannot read the model output", status);
    } else if (type != SNK_OV_F32) {
        failed = snk_ov_fail("the model outputs element type %d, not float32", (int)type);
    } else {
        int64_t elements = 1;
        for (int64_t axis = 0; axis < shape.rank; axis++) elements *= shape.dims[axis];
        if (shape.rank < 1 || shape.dims[0] != batch || elements % batch != 0) {
            failed = snk_ov_fail("the model output does not have the batch size %lld", (long long)batch);
        } else if (elements > output_capacity) {
            failed = snk_ov_fail("model output (%lld classes) does not fit the output buffer",
                                 (long long)(elements / batch));
        } else {
            memcpy(output, data, sizeof(float) * (size_t)elements);
            *ret_classes = elements / batch;
        }
    }
    if (shape.dims != NULL) snk_ov.ov_shape_free(&shape);
    snk_ov.ov_tensor_free(tensor);  // the wrapper only: the data belongs to the request
    return failed;
}

int snk_ov_forward(snk_ov_model *model, const float *input, int64_t batch, int64_t channels,
                   int64_t height, int64_t width, float *output, int64_t output_capacity,
                   int64_t *ret_classes) {
    snk_ov_clear_error();
    if (model == NULL || input == NULL || output == NULL || ret_classes == NULL || batch <= 0) {
        return snk_ov_fail("invalid arguments to snk_ov_forward");
    }
    ov_infer_request_t *request = take_request(model);
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
    if (!failed) failed = copy_output(request, batch, output, output_capacity, ret_classes);
    if (tensor != NULL) snk_ov.ov_tensor_free(tensor);
    return_request(model, request);
    return failed;
}
