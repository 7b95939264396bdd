#pragma once
#include "OpenVINOAPI.h"

#include <pthread.h>

/// The most outputs a model may have (each image's row holds them side by side).
enum { snk_ov_max_outputs = 4 };

struct snk_ov_model {
    ov_compiled_model_t *compiled;
    /// The model's outputs: 1 (logits) or 2 (logits, pooled features).
    size_t output_count;
    /// Idle inference requests; a forward takes one (or makes one) and puts it back.
    pthread_mutex_t lock;
    ov_infer_request_t **idle;
    size_t idle_count;
    size_t idle_capacity;
};
