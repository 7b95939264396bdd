#ifndef SNK_DIGEST_H
#define SNK_DIGEST_H

// SHA-256 with OpenSSL's libcrypto: of a file, read in chunks (model weights are tens of MB),
// and of a buffer (API keys are compared by digest, in constant time).

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Writes the SHA-256 of the file at `path` to `digest` (32 bytes). Returns 0 on success, else
/// the `errno` of the failed open or read (or -1 when libcrypto fails).
int snk_sha256_file(const char *path, unsigned char digest[32]);

/// Writes the SHA-256 of `length` bytes at `bytes` to `digest` (32 bytes). Returns 0 on success.
int snk_sha256(const void *bytes, size_t length, unsigned char digest[32]);

#ifdef __cplusplus
}
#endif

#endif
