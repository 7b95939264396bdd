#ifndef SNK_OPENVINO_BRIDGE_H
#define SNK_OPENVINO_BRIDGE_H

// SnakeID's second engine: an ONNX model run by OpenVINO's CPU plugin through its C API.
//
// This shim links nothing from OpenVINO. snk_ov_runtime_open loads libopenvino_c with dlopen
// (the runtime that `make` unpacks from the PyPI wheel, or any other install of the same C
// API), so programs pay for OpenVINO only when they classify with it, and SnakeID builds
// without its headers. Every function returns 0 on success and non-zero on failure; the
// failure's message is kept per thread (snk_ov_last_error).
//
// Threading: a compiled model runs forwards from several threads at once; each forward takes
// an inference request of its own from the model's pool.

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Loads the OpenVINO C library at `library_path` (libopenvino_c.so.N; the rest of the runtime
/// is found beside it) and creates the process's OpenVINO core. The first success stays: later
/// calls return 0 at once, whatever the path.
int snk_ov_runtime_open(const char *library_path);

/// The loaded runtime's version, e.g. "2026.4.1-22982-…" ("" before snk_ov_runtime_open).
/// Valid for the life of the process.
const char *snk_ov_runtime_version(void);

/// An opaque compiled model. Owned by the caller; release with snk_ov_model_free.
typedef struct snk_ov_model snk_ov_model;

/// Reads a model file (ONNX, or OpenVINO IR) and compiles it for the CPU.
/// - `properties`: CPU plugin properties as "KEY=VALUE" words separated by spaces, e.g.
///   "PERFORMANCE_HINT=THROUGHPUT INFERENCE_NUM_THREADS=2"; NULL or "" keeps the defaults.
/// - `static_batch`: > 0 compiles the model's only input with a static shape, batch x channels x
///   height x width, for each batch from 1 to static_batch: batch 1 now, the others on their
///   first forward (which waits for that compile); forwards of other sizes fail. 0 compiles the
///   model's own (dynamic) shape once (`channels`, `height` and `width` are then unused).
/// On success stores the model in *ret_model and returns 0.
int snk_ov_model_load(const char *path, const char *properties, int64_t static_batch,
                      int64_t channels, int64_t height, int64_t width, snk_ov_model **ret_model);

/// Frees a model from snk_ov_model_load and its inference requests. NULL is allowed.
void snk_ov_model_free(snk_ov_model *model);

/// Copies the compiled model's property `key` (e.g. "NUM_STREAMS", "INFERENCE_PRECISION_HINT")
/// as text into `buffer` of `capacity` bytes, NUL-terminated and truncated to fit.
int snk_ov_model_property(snk_ov_model *model, const char *key, char *buffer, int64_t capacity);

/// Runs the model on a float32 NCHW batch and writes the output (batch rows of floats) to
/// `output`, which holds `output_capacity` floats. *ret_classes receives the floats per image:
/// the class scores, or, for a model with several outputs ("logits", then "features": the
/// pooled backbone features), all of them side by side in the model's output order. `input` is
/// read in place (not copied) during the call.
int snk_ov_forward(snk_ov_model *model, const float *input, int64_t batch, int64_t channels,
                   int64_t height, int64_t width, float *output, int64_t output_capacity,
                   int64_t *ret_classes);

/// The message of the last failure on this thread ("" when none). Valid until the next call
/// on this thread.
const char *snk_ov_last_error(void);

#ifdef __cplusplus
}
#endif

#endif
