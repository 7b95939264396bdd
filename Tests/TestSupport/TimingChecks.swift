import Foundation

/// Whether tests also check how long things take. Off by default: a busy machine (CI, a
/// parallel build) makes timed assertions fail for no fault of the code. The functional
/// assertions always run; `SNAKEID_TIMING_TESTS=1` adds the timing ones, and the benchmarks
/// (`make bench`) measure speed properly.
public enum TimingChecks {
    public static let enabled = ProcessInfo.processInfo.environment["SNAKEID_TIMING_TESTS"] == "1"
}
