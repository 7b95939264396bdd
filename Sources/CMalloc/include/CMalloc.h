#ifndef SNK_MALLOC_H
#define SNK_MALLOC_H

// glibc's malloc tuning (mallopt), which Swift's Glibc module does not expose.

#ifdef __cplusplus
extern "C" {
#endif

/// Sets glibc's mmap and trim thresholds, in bytes; returns 1 when both were accepted.
/// A no-op returning 0 on other C libraries.
int snk_malloc_set_thresholds(int mmap_threshold, int trim_threshold);

#ifdef __cplusplus
}
#endif

#endif
