#pragma once
// The part of OpenVINO's C API (openvino/c/openvino.h, Apache-2.0) that the shim calls,
// declared here so that SnakeID builds without OpenVINO's headers, and resolved with dlsym.
//
// `make openvino-runtime` compiles the shim once more with -DSNK_OV_REAL_HEADERS against the
// headers of the pinned wheel: every declaration below must then match the real one (the
// static assertions at the end), so bumping the pin cannot silently change the ABI.

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef SNK_OV_REAL_HEADERS
#include <openvino/c/openvino.h>
#else
typedef int ov_status_e;           // an enum in OpenVINO: OK is 0, failures are negative
typedef int ov_element_type_e;     // an enum in OpenVINO
typedef struct {
    int64_t rank;
    int64_t *dims;
} ov_shape_t;
typedef struct ov_dimension {
    int64_t min;
    int64_t max;
} ov_dimension_t;
typedef ov_dimension_t ov_rank_t;
typedef struct ov_partial_shape {
    ov_rank_t rank;
    ov_dimension_t *dims;
} ov_partial_shape_t;
typedef struct {
    const char *key;
    const void *value;
} ov_property_t;
typedef struct ov_version {
    const char *buildNumber;
    const char *description;
} ov_version_t;
typedef struct ov_core ov_core_t;
typedef struct ov_model ov_model_t;
typedef struct ov_compiled_model ov_compiled_model_t;
typedef struct ov_infer_request ov_infer_request_t;
typedef struct ov_tensor ov_tensor_t;
#endif

/// ov_element_type_e's F32 and ov_status_e's OK.
#define SNK_OV_F32 4
#define SNK_OV_OK 0

// X(name, return type, parameters): every function the shim resolves.
#define SNK_OV_FUNCTIONS(X)                                                                      \
    X(ov_get_openvino_version, ov_status_e, (ov_version_t *version))                            \
    X(ov_version_free, void, (ov_version_t *version))                                           \
    X(ov_get_error_info, const char *, (ov_status_e status))                                     \
    X(ov_get_last_err_msg, const char *, (void))                                                     \
    X(ov_free, void, (const char *content))                                                      \
    X(ov_core_create, ov_status_e, (ov_core_t **core))                                          \
    X(ov_core_read_model, ov_status_e,                                                           \
      (const ov_core_t *core, const char *model_path, const char *bin_path, ov_model_t **model)) \
    X(ov_core_compile_model_props, ov_status_e,                                                  \
      (const ov_core_t *core, const ov_model_t *model, const char *device_name,                  \
       const size_t num_properties, const ov_property_t *properties,                             \
       ov_compiled_model_t **compiled_model))                                                    \
    X(ov_model_reshape_single_input, ov_status_e,                                                \
      (const ov_model_t *model, const ov_partial_shape_t partial_shape))                         \
    X(ov_model_free, void, (ov_model_t *model))                                                 \
    X(ov_partial_shape_create_static, ov_status_e,                                               \
      (const int64_t rank, const int64_t *dims, ov_partial_shape_t *partial_shape_obj))          \
    X(ov_partial_shape_free, void, (ov_partial_shape_t *partial_shape))                         \
    X(ov_compiled_model_create_infer_request, ov_status_e,                                       \
      (const ov_compiled_model_t *compiled_model, ov_infer_request_t **infer_request))           \
    X(ov_compiled_model_get_property, ov_status_e,                                               \
      (const ov_compiled_model_t *compiled_model, const char *property_key,                     \
       char **property_value))                                                                   \
    X(ov_compiled_model_free, void, (ov_compiled_model_t *compiled_model))                      \
    X(ov_infer_request_set_input_tensor, ov_status_e,                                            \
      (ov_infer_request_t *infer_request, const ov_tensor_t *tensor))                           \
    X(ov_infer_request_infer, ov_status_e, (ov_infer_request_t *infer_request))                \
    X(ov_compiled_model_outputs_size, ov_status_e,                                               \
      (const ov_compiled_model_t *compiled_model, size_t *size))                                 \
    X(ov_infer_request_get_output_tensor_by_index, ov_status_e,                                  \
      (const ov_infer_request_t *infer_request, const size_t idx, ov_tensor_t **tensor))         \
    X(ov_infer_request_free, void, (ov_infer_request_t *infer_request))                         \
    X(ov_tensor_create_from_host_ptr, ov_status_e,                                               \
      (const ov_element_type_e type, const ov_shape_t shape, void *host_ptr,                     \
       ov_tensor_t **tensor))                                                                    \
    X(ov_tensor_get_shape, ov_status_e, (const ov_tensor_t *tensor, ov_shape_t *shape))          \
    X(ov_tensor_get_element_type, ov_status_e,                                                   \
      (const ov_tensor_t *tensor, ov_element_type_e *type))                                      \
    X(ov_tensor_data, ov_status_e, (const ov_tensor_t *tensor, void **data))                     \
    X(ov_tensor_free, void, (ov_tensor_t *tensor))                                              \
    X(ov_shape_free, ov_status_e, (ov_shape_t *shape))

#define SNK_OV_FUNCTION_TYPE(name, result, parameters) typedef result snk_##name##_fn parameters;
SNK_OV_FUNCTIONS(SNK_OV_FUNCTION_TYPE)
#undef SNK_OV_FUNCTION_TYPE

/// The resolved functions; filled by snk_ov_runtime_open, read-only afterwards.
struct snk_ov_api {
#define SNK_OV_FIELD(name, result, parameters) snk_##name##_fn *name;
    SNK_OV_FUNCTIONS(SNK_OV_FIELD)
#undef SNK_OV_FIELD
};

extern struct snk_ov_api snk_ov;
/// The process's core (NULL before snk_ov_runtime_open succeeded).
extern ov_core_t *snk_ov_core;

// Layouts the shim relies on: checked against these declarations in a normal build, and
// against OpenVINO's own with -DSNK_OV_REAL_HEADERS.
_Static_assert(sizeof(ov_status_e) == sizeof(int), "ov_status_e is not an int");
_Static_assert(sizeof(ov_element_type_e) == sizeof(int), "ov_element_type_e is not an int");
_Static_assert(sizeof(ov_shape_t) == 16 && offsetof(ov_shape_t, dims) == 8, "ov_shape_t");
_Static_assert(sizeof(ov_partial_shape_t) == 24 && offsetof(ov_partial_shape_t, dims) == 16,
               "ov_partial_shape_t");
_Static_assert(sizeof(ov_property_t) == 16 && offsetof(ov_property_t, value) == 8, "ov_property_t");
_Static_assert(sizeof(ov_version_t) == 16, "ov_version_t");

#ifdef SNK_OV_REAL_HEADERS
_Static_assert(F32 == SNK_OV_F32 && OK == SNK_OV_OK, "OpenVINO's enum values changed");
#define SNK_OV_CHECK(name, result, parameters)                                                   \
    _Static_assert(__builtin_types_compatible_p(snk_##name##_fn, __typeof__(name)),              \
                   #name " is declared differently by OpenVINO");
SNK_OV_FUNCTIONS(SNK_OV_CHECK)
#undef SNK_OV_CHECK
#endif
