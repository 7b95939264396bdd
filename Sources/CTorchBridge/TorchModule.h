#pragma once
// Debug builds define DEBUG, and c10 changes the layout of its types under it.
#undef DEBUG
#include <torch/csrc/jit/api/module.h>

struct snk_torch_module {
    torch::jit::Module module;
};
