// snk_fetch: one blocking libcurl transfer per call, with a byte cap, timeouts, a redirect limit
// and a guard that refuses to open sockets to private destinations.

#include "CFetch.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_status = CURLE_FAILED_INIT;

static void global_init(void) { global_status = curl_global_init(CURL_GLOBAL_DEFAULT); }

typedef struct {
    uint8_t *body;
    size_t size;
    size_t capacity;
    int64_t max_bytes;
    int too_large;
    int out_of_memory;
    int allow_private;
    char refused[INET6_ADDRSTRLEN];  // first address the socket guard refused ("" when none)
    snk_fetch_progress progress;
    void *progress_context;
} transfer;

static int fail(char *error, size_t capacity, int status, const char *format, ...) {
    if (error != NULL && capacity > 0) {
        va_list args;
        va_start(args, format);
        vsnprintf(error, capacity, format, args);
        va_end(args);
    }
    return status;
}

static size_t on_write(char *data, size_t size, size_t count, void *context) {
    transfer *t = context;
    size_t length = size * count;
    if ((int64_t)(t->size + length) > t->max_bytes) {
        t->too_large = 1;
        return 0;  // anything other than `length` aborts with CURLE_WRITE_ERROR
    }
    if (t->size + length > t->capacity) {
        size_t capacity = t->capacity ? t->capacity : 64 * 1024;
        while (capacity < t->size + length) capacity *= 2;
        if ((int64_t)capacity > t->max_bytes) capacity = (size_t)t->max_bytes;
        uint8_t *body = realloc(t->body, capacity);
        if (body == NULL) {
            t->out_of_memory = 1;
            return 0;
        }
        t->body = body;
        t->capacity = capacity;
    }
    memcpy(t->body + t->size, data, length);
    t->size += length;
    return length;
}

static int on_progress(void *context, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow) {
    (void)ultotal;
    (void)ulnow;
    transfer *t = context;
    return t->progress(t->progress_context, (int64_t)dlnow, (int64_t)dltotal) != 0;
}

/// Runs before curl opens any socket, for the first request and for every redirect's new
/// connection, with the address it resolved: the place to refuse private destinations.
static curl_socket_t on_open_socket(void *context, curlsocktype purpose,
                                    struct curl_sockaddr *address) {
    transfer *t = context;
    (void)purpose;
    if (!t->allow_private) {
        char text[INET6_ADDRSTRLEN] = "unknown address";
        int is_private = 1;
        if (address->family == AF_INET) {
            const struct sockaddr_in *v4 = (const struct sockaddr_in *)&address->addr;
            if (inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text) != NULL)
                is_private = snk_fetch_address_is_private(text);
        } else if (address->family == AF_INET6) {
            const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)&address->addr;
            if (inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text) != NULL)
                is_private = snk_fetch_address_is_private(text);
        }
        if (is_private) {
            if (t->refused[0] == '\0') snprintf(t->refused, sizeof t->refused, "%s", text);
            return CURL_SOCKET_BAD;
        }
    }
    return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

/// Non-zero when `url` parses and its scheme is http or https.
static int check_url(const char *url, char *error, size_t capacity, int *status) {
    CURLU *handle = curl_url();
    char *scheme = NULL;
    *status = SNK_FETCH_OK;
    if (handle == NULL) {
        *status = fail(error, capacity, SNK_FETCH_NETWORK, "out of memory");
    } else if (curl_url_set(handle, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
               curl_url_get(handle, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
        *status = fail(error, capacity, SNK_FETCH_BAD_URL, "malformed url");
    } else if (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https") != 0) {
        *status = fail(error, capacity, SNK_FETCH_BAD_URL, "unsupported scheme %s (use http or https)",
                       scheme);
    }
    curl_free(scheme);
    curl_url_cleanup(handle);
    return *status == SNK_FETCH_OK;
}

static void copy_info(CURL *curl, snk_fetch_result *out) {
    long code = 0;
    char *text = NULL;
    if (curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK)
        out->http_status = (int32_t)code;
    if (curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &text) == CURLE_OK && text != NULL)
        snprintf(out->content_type, sizeof out->content_type, "%s", text);
    if (curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &text) == CURLE_OK && text != NULL)
        snprintf(out->effective_url, sizeof out->effective_url, "%s", text);
}

static int map_error(CURLcode code, const transfer *t, const snk_fetch_options *options,
                     int32_t http_status, const char *detail, char *error, size_t capacity) {
    if (t->refused[0] != '\0')
        return fail(error, capacity, SNK_FETCH_FORBIDDEN_ADDRESS,
                    "refused to connect to %s (loopback or private address)", t->refused);
    if (t->too_large || code == CURLE_FILESIZE_EXCEEDED)
        return fail(error, capacity, SNK_FETCH_TOO_LARGE, "download exceeds %lld bytes",
                    (long long)options->max_bytes);
    switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
        return fail(error, capacity, SNK_FETCH_TIMEOUT, "timed out");
    case CURLE_TOO_MANY_REDIRECTS:
        return fail(error, capacity, SNK_FETCH_TOO_MANY_REDIRECTS, "too many redirects (limit %d)",
                    (int)options->max_redirects);
    case CURLE_ABORTED_BY_CALLBACK:
        return fail(error, capacity, SNK_FETCH_CANCELLED, "cancelled");
    case CURLE_HTTP_RETURNED_ERROR:
        return fail(error, capacity, SNK_FETCH_HTTP_STATUS, "HTTP %d", (int)http_status);
    case CURLE_UNSUPPORTED_PROTOCOL:
        return fail(error, capacity, SNK_FETCH_BAD_URL, "redirected to an unsupported scheme");
    case CURLE_URL_MALFORMAT:
        return fail(error, capacity, SNK_FETCH_BAD_URL, "malformed url");
    case CURLE_COULDNT_RESOLVE_HOST:
        return fail(error, capacity, SNK_FETCH_UNRESOLVABLE_HOST, "%s",
                    detail[0] != '\0' ? detail : "the host name could not be resolved");
    default:
        if (t->out_of_memory) return fail(error, capacity, SNK_FETCH_NETWORK, "out of memory");
        return fail(error, capacity, SNK_FETCH_NETWORK, "%s",
                    detail[0] != '\0' ? detail : curl_easy_strerror(code));
    }
}

int snk_fetch(const char *url, snk_fetch_options options, snk_fetch_result *out, char *error,
              size_t error_capacity) {
    if (error != NULL && error_capacity > 0) error[0] = '\0';
    if (out == NULL) return fail(error, error_capacity, SNK_FETCH_BAD_URL, "no result");
    memset(out, 0, sizeof *out);
    if (url == NULL) return fail(error, error_capacity, SNK_FETCH_BAD_URL, "malformed url");
    pthread_once(&global_once, global_init);
    if (global_status != CURLE_OK)
        return fail(error, error_capacity, SNK_FETCH_NETWORK, "libcurl failed to initialise");
    int status;
    if (!check_url(url, error, error_capacity, &status)) return status;

    CURL *curl = curl_easy_init();
    if (curl == NULL) return fail(error, error_capacity, SNK_FETCH_NETWORK, "libcurl failed");
    transfer t = {.max_bytes = options.max_bytes > 0 ? options.max_bytes : 0,
                  .allow_private = options.allow_private,
                  .progress = options.progress,
                  .progress_context = options.progress_context};
    char detail[CURL_ERROR_SIZE] = "";

    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, (long)(options.max_redirects > 0 ? options.max_redirects : 0));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, (long)options.connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)options.total_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_FORBID_REUSE, 1L);
    curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);  // don't download error bodies
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "snakeid/0.1");
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, detail);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)t.max_bytes);
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &t);
    if (!options.allow_private) curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
    if (options.progress != NULL) {
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &t);
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    }

    CURLcode code = curl_easy_perform(curl);
    copy_info(curl, out);
    curl_easy_cleanup(curl);

    if (code == CURLE_OK && out->http_status >= 400) code = CURLE_HTTP_RETURNED_ERROR;
    if (code != CURLE_OK) {
        free(t.body);
        return map_error(code, &t, &options, out->http_status, detail, error, error_capacity);
    }
    out->body = t.body;
    out->body_size = t.size;
    return SNK_FETCH_OK;
}

void snk_fetch_result_free(snk_fetch_result *result) {
    if (result == NULL) return;
    free(result->body);
    result->body = NULL;
    result->body_size = 0;
}
