#include "CTorchBridgeAPI.h"

// The pointer types that callers cast dlsym's results to must be the functions' own types.
#define SNK_SAME_TYPE(function, pointer)                                                         \
    _Static_assert(__builtin_types_compatible_p(__typeof__(&function), pointer),                 \
                   #function " and " #pointer " differ")
SNK_SAME_TYPE(snk_torch_module_load, snk_torch_module_load_fn);
SNK_SAME_TYPE(snk_torch_module_free, snk_torch_module_free_fn);
SNK_SAME_TYPE(snk_torch_forward, snk_torch_forward_fn);
SNK_SAME_TYPE(snk_torch_last_error, snk_torch_last_error_fn);
