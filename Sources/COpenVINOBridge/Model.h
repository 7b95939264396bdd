#pragma once
#include "OpenVINOAPI.h"

#include <pthread.h>

struct snk_ov_model {
    ov_compiled_model_t *compiled;
    /// Idle inference requests; a forward takes one (or makes one) and puts it back.
    pthread_mutex_t lock;
    ov_infer_request_t **idle;
    size_t idle_count;
    size_t idle_capacity;
};
