#include "COpenVINOBridge.h"
#include "LastError.h"
#include "OpenVINOAPI.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct snk_ov_api snk_ov;
ov_core_t *snk_ov_core;

static pthread_mutex_t open_lock = PTHREAD_MUTEX_INITIALIZER;
static char version[128];

/// Resolves every function of SNK_OV_FUNCTIONS into `api`; 1 and the error when one is missing.
static int resolve(void *library, const char *path, struct snk_ov_api *api) {
#define SNK_OV_RESOLVE(name, result, parameters)                                                 \
    api->name = (snk_##name##_fn *)dlsym(library, #name);                                        \
    if (api->name == NULL) return snk_ov_fail("%s has no %s (OpenVINO too old?)", path, #name);
    SNK_OV_FUNCTIONS(SNK_OV_RESOLVE)
#undef SNK_OV_RESOLVE
    return 0;
}

int snk_ov_runtime_open(const char *library_path) {
    snk_ov_clear_error();
    pthread_mutex_lock(&open_lock);
    int status = 0;
    if (snk_ov_core == NULL) {
        // RTLD_LOCAL: OpenVINO's TBB and plugins stay out of the global namespace. The library
        // finds libopenvino and its plugins beside itself through its $ORIGIN run path.
        void *library = library_path ? dlopen(library_path, RTLD_LAZY | RTLD_LOCAL) : NULL;
        struct snk_ov_api api;
        if (library == NULL) {
            status = snk_ov_fail("cannot load %s: %s", library_path ? library_path : "(null)",
                                 library_path ? dlerror() : "no path");
        } else if ((status = resolve(library, library_path, &api)) != 0) {
            dlclose(library);
        } else {
            snk_ov = api;
            ov_core_t *core = NULL;
            ov_status_e created = snk_ov.ov_core_create(&core);
            if (created != SNK_OV_OK) {
                status = snk_ov_fail_status("cannot start OpenVINO", created);
            } else {
                ov_version_t info = {0};
                if (snk_ov.ov_get_openvino_version(&info) == SNK_OV_OK) {
                    snprintf(version, sizeof version, "%s", info.buildNumber ? info.buildNumber : "");
                    snk_ov.ov_version_free(&info);
                }
                snk_ov_core = core;  // the library stays loaded for the life of the process
            }
        }
    }
    pthread_mutex_unlock(&open_lock);
    return status;
}

const char *snk_ov_runtime_version(void) { return version; }
