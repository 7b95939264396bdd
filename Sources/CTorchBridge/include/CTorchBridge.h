#ifndef SNK_TORCH_BRIDGE_H
#define SNK_TORCH_BRIDGE_H

// libTorchBridge.so implements the C API of CTorchBridgeAPI.h (declared there, header-only, so
// that Swift can use its function types without linking libtorch).
#include "CTorchBridgeAPI.h"

#endif
