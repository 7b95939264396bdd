#include "TorchModule.h"
#include "CTorchBridgeAPI.h"
#include "LastError.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/csrc/autograd/InferenceMode.h>

#include <cstring>
#include <stdexcept>
#include <vector>

extern "C" int snk_torch_forward(snk_torch_module *module, const float *input, int64_t batch,
                                 int64_t channels, int64_t height, int64_t width,
                                 int32_t threads, float *output, int64_t output_capacity,
                                 int64_t *ret_classes) {
    return snk::guarded([&] {
        if (module == nullptr || input == nullptr || output == nullptr || ret_classes == nullptr ||
            batch <= 0) {
            throw std::invalid_argument("invalid arguments to snk_torch_forward");
        }
        if (threads > 0 && at::get_num_threads() != threads) {
            at::set_num_threads(threads);
        }
        c10::InferenceMode guard;
        // from_blob does not copy; the caller's buffer outlives the forward.
        at::Tensor tensor = at::from_blob(const_cast<float *>(input),
                                          {batch, channels, height, width}, at::kFloat);
        c10::IValue value = module->module.forward({tensor});
        // One output (logits), or a tuple (logits, pooled features, ...): each image's row holds
        // its outputs side by side, in order.
        std::vector<at::Tensor> outputs;
        if (value.isTuple()) {
            for (const c10::IValue &element : value.toTupleRef().elements()) {
                outputs.push_back(element.toTensor());
            }
        } else {
            outputs.push_back(value.toTensor());
        }
        for (at::Tensor &output_tensor : outputs) {
            output_tensor = output_tensor.to(at::kFloat).contiguous().reshape({batch, -1});
        }
        at::Tensor result = outputs.size() == 1 ? outputs[0] : at::cat(outputs, 1);
        const int64_t classes = result.size(1);
        if (batch * classes > output_capacity) {
            throw std::length_error("model output (" + std::to_string(classes) +
                                    " values per image) does not fit the output buffer");
        }
        std::memcpy(output, result.data_ptr<float>(), sizeof(float) * batch * classes);
        *ret_classes = classes;
    });
}
