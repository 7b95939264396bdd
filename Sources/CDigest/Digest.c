#include "CDigest.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>

int snk_sha256_file(const char *path, unsigned char digest[32]) {
    FILE *file = fopen(path, "rb");
    if (file == NULL) return errno ? errno : -1;
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    if (context == NULL || EVP_DigestInit_ex(context, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(context);
        fclose(file);
        return -1;
    }
    unsigned char chunk[1 << 16];
    size_t count;
    int status = 0;
    while ((count = fread(chunk, 1, sizeof chunk, file)) > 0) {
        if (EVP_DigestUpdate(context, chunk, count) != 1) {
            status = -1;
            break;
        }
    }
    if (status == 0 && ferror(file)) status = errno ? errno : -1;
    unsigned int length = 0;
    if (status == 0 && EVP_DigestFinal_ex(context, digest, &length) != 1) status = -1;
    EVP_MD_CTX_free(context);
    fclose(file);
    return status;
}

int snk_sha256(const void *bytes, size_t length, unsigned char digest[32]) {
    unsigned int written = 0;
    return EVP_Digest(bytes, length, digest, &written, EVP_sha256(), NULL) == 1 ? 0 : -1;
}
