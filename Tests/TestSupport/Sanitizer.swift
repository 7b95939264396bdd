import Foundation

/// The sanitizer this test run is built with (`make sanitize` sets `SNAKEID_SANITIZER`), for
/// the few checks that measure what a sanitizer's runtime changes.
public enum Sanitizer {
    /// `address` (ASan + UBSan), `thread` (TSan), or nil for a plain build.
    public static let active = ProcessInfo.processInfo.environment["SNAKEID_SANITIZER"].flatMap {
        $0.isEmpty ? nil : $0
    }

    /// How many times longer a wait on the server may take under a sanitizer: the sanitized
    /// debug build is several times slower, and the whole suite runs side by side.
    public static let slowdown = 6
}
