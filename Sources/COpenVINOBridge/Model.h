#pragma once
#include "OpenVINOAPI.h"

#include <pthread.h>

/// The most outputs a model may have (each image's row holds them side by side).
enum { snk_ov_max_outputs = 4 };
/// The most "KEY=VALUE" properties a model may be compiled with.
enum { snk_ov_max_properties = 16 };

/// The model compiled for one input shape, with its idle inference requests.
struct snk_ov_variant {
    /// NULL until the first forward of this batch size (batch 1: compiled at load).
    ov_compiled_model_t *compiled;
    /// Idle inference requests; a forward takes one (or makes one) and puts it back.
    ov_infer_request_t **idle;
    size_t idle_count;
    size_t idle_capacity;
};

struct snk_ov_model {
    /// The model's outputs: 1 (logits) or 2 (logits, pooled features).
    size_t output_count;
    /// > 0: static shapes, one variant per batch size 1 ... max_batch; 0: one variant, any batch.
    int64_t max_batch;
    int64_t channels, height, width;
    /// max_batch variants (index: batch - 1), or one for a dynamic model.
    struct snk_ov_variant *variants;
    /// Guards every variant's `compiled` pointer and request pool.
    pthread_mutex_t lock;
    /// Serialises compiling further batch sizes (reshaping `source` and compiling it).
    pthread_mutex_t compile_lock;
    /// The read model, kept to compile further batch sizes (NULL for a dynamic model).
    ov_model_t *source;
    /// The compile properties: `property_list` points into `property_text`.
    char *property_text;
    ov_property_t property_list[snk_ov_max_properties];
    int property_count;
};

/// The variant for `batch`, compiled first if needed; NULL (and the error) when the batch is
/// not allowed or the compile fails.
struct snk_ov_variant *snk_ov_variant_for(struct snk_ov_model *model, int64_t batch);
