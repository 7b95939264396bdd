#ifndef SNK_TORCH_BRIDGE_API_H
#define SNK_TORCH_BRIDGE_API_H

// The only code in SnakeID that sees libtorch. A C API over a TorchScript module: no C++
// exception crosses it; every function returns 0 on success, non-zero on failure, and the
// failure's message is kept per thread (snk_torch_last_error).
//
// This library is built as libTorchBridge.so and loaded with dlopen, so that programs pay for
// libtorch (~0.55 s, 160 MB) only when they classify. Its callers resolve each function with
// dlsym and cast it to the pointer type below (snk_torch_*_fn): the bridge's definitions must
// match the prototypes (C linkage allows no overloads) and the prototypes the pointer types
// (CTorchBridgeAPI.c), so a signature change fails to compile on both sides.
//
// Threading: a module may run forwards from several threads at once. The intra-op thread count
// is per OS thread in libtorch, so each forward sets it.

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An opaque loaded module. Owned by the caller; release with snk_torch_module_free.
typedef struct snk_torch_module snk_torch_module;

/// Loads a TorchScript file in eval mode. With `optimize` non-zero the module is frozen and passed
/// through torch::jit::optimize_for_inference (faster on CPU; cannot be saved).
/// On success stores the module in *ret_module and returns 0.
typedef int (*snk_torch_module_load_fn)(const char *path, int32_t optimize,
                                        snk_torch_module **ret_module);

/// Frees a module from snk_torch_module_load. NULL is allowed.
typedef void (*snk_torch_module_free_fn)(snk_torch_module *module);

/// Runs the module on a float32 NCHW batch and writes the output (batch rows of floats) to
/// `output`, which holds `output_capacity` floats. `threads` > 0 sets libtorch's intra-op thread
/// count for this OS thread first. *ret_classes receives the floats per image: the class scores,
/// or, for a module returning a tuple (logits, pooled features), both side by side in order.
typedef int (*snk_torch_forward_fn)(snk_torch_module *module, const float *input, int64_t batch,
                                    int64_t channels, int64_t height, int64_t width,
                                    int32_t threads, float *output, int64_t output_capacity,
                                    int64_t *ret_classes);

/// The message of the last failure on this thread ("" when none). Valid until the next call
/// on this thread.
typedef const char *(*snk_torch_last_error_fn)(void);

// The functions themselves, for the bridge's definitions. Swift never links them (that would
// load libtorch at start-up): it reaches them through dlsym (TorchBridgeLibrary.swift).
#ifndef __swift__
int snk_torch_module_load(const char *path, int32_t optimize, snk_torch_module **ret_module);
void snk_torch_module_free(snk_torch_module *module);
int snk_torch_forward(snk_torch_module *module, const float *input, int64_t batch,
                      int64_t channels, int64_t height, int64_t width, int32_t threads,
                      float *output, int64_t output_capacity, int64_t *ret_classes);
const char *snk_torch_last_error(void);
#endif

#ifdef __cplusplus
}
#endif

#endif
