#ifndef SNK_FETCH_H
#define SNK_FETCH_H

// A thin wrapper over libcurl's easy API (whose setopt is variadic and so not callable from
// Swift). One blocking call per fetch; reentrant, any thread. Never follows a redirect or
// connects to an address that the options forbid.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    SNK_FETCH_OK = 0,
    SNK_FETCH_BAD_URL = 1,           ///< malformed, or a scheme other than http/https
    SNK_FETCH_FORBIDDEN_ADDRESS = 2, ///< resolved to loopback/private/link-local/multicast/unspecified
    SNK_FETCH_TOO_LARGE = 3,         ///< body exceeds max_bytes
    SNK_FETCH_TIMEOUT = 4,
    SNK_FETCH_TOO_MANY_REDIRECTS = 5,
    SNK_FETCH_HTTP_STATUS = 6,       ///< final response status >= 400 (see http_status)
    SNK_FETCH_NETWORK = 7,           ///< DNS, connect, TLS or transfer failure
    SNK_FETCH_CANCELLED = 8,         ///< the progress callback asked to stop
    SNK_FETCH_UNRESOLVABLE_HOST = 9, ///< the URL's host name does not resolve (the user's input)
} snk_fetch_status;

/// Called with bytes received so far and the expected total (0 when unknown).
/// Return non-zero to cancel the transfer.
typedef int (*snk_fetch_progress)(void *context, int64_t received, int64_t expected);

typedef struct {
    int64_t max_bytes;            ///< body cap
    int32_t connect_timeout_ms;
    int32_t total_timeout_ms;
    int32_t max_redirects;        ///< e.g. 5
    int32_t allow_private;        ///< non-zero allows loopback/private/... destinations
    snk_fetch_progress progress;  ///< may be NULL
    void *progress_context;
} snk_fetch_options;

typedef struct {
    uint8_t *body;           ///< malloc'd; free with snk_fetch_result_free
    size_t body_size;
    int32_t http_status;     ///< last HTTP status seen (0 when none)
    char content_type[128];  ///< Content-Type of the final response ("" when none)
    char effective_url[2048];
} snk_fetch_result;

/// Fetches `url` into `out`. On failure returns a snk_fetch_status and a message in `error`.
int snk_fetch(const char *url, snk_fetch_options options, snk_fetch_result *out,
              char *error, size_t error_capacity);

void snk_fetch_result_free(snk_fetch_result *result);

/// Non-zero when the textual IPv4/IPv6 address is in a range fetches refuse by default.
int snk_fetch_address_is_private(const char *address);

#ifdef __cplusplus
}
#endif

#endif
