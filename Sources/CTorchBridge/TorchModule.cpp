#include "TorchModule.h"
#include "CTorchBridgeAPI.h"
#include "LastError.h"

#include <torch/csrc/autograd/InferenceMode.h>
#include <torch/csrc/jit/serialization/import.h>

#include <stdexcept>

extern "C" int snk_torch_module_load(const char *path, int32_t optimize,
                                     snk_torch_module **ret_module) {
    return snk::guarded([&] {
        if (path == nullptr || ret_module == nullptr) {
            throw std::invalid_argument("invalid arguments to snk_torch_module_load");
        }
        c10::InferenceMode guard;
        torch::jit::Module module = torch::jit::load(path, c10::Device(c10::kCPU));
        module.eval();
        if (optimize) {
            module = torch::jit::optimize_for_inference(module);
        }
        *ret_module = new snk_torch_module{std::move(module)};
    });
}

extern "C" void snk_torch_module_free(snk_torch_module *module) { delete module; }
