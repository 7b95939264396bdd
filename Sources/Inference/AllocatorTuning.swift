import CMalloc

/// glibc malloc settings for a process that runs the model.
///
/// Each forward allocates and frees tens of megabytes of intermediate tensors. With glibc's
/// defaults those come from mmap (the dynamic mmap threshold) or from a per-thread heap that is
/// trimmed after every forward, so the next forward faults the same pages in again: about 3,400
/// page faults and 12 ms of kernel time per image. Raising both the mmap threshold (to glibc's
/// ceiling) and the trim threshold keeps the memory mapped between forwards; either one alone
/// is worse than the defaults (it switches off the dynamic threshold without the other half).
public enum AllocatorTuning {
    /// The mmap threshold: glibc's ceiling on 64-bit (half its 64 MB heap size); larger
    /// requests (a 100-megapixel image) still get their own mapping, returned when freed.
    public static let mmapThreshold: Int32 = 32 << 20
    /// Free memory a heap keeps instead of returning it to the kernel.
    public static let trimThreshold: Int32 = 256 << 20

    /// Applies the settings once, at process start, unless `SNAKEID_MALLOC=default` asks for
    /// glibc's defaults (for A/B measurements). Returns whether they were applied.
    @discardableResult
    public static func apply(environment: [String: String]) -> Bool {
        guard environment["SNAKEID_MALLOC"] != "default" else { return false }
        return snk_malloc_set_thresholds(mmapThreshold, trimThreshold) == 1
    }
}
