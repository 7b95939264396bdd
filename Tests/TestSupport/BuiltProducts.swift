import Foundation

/// The products of this package's build, found beside the running program: SwiftPM puts every
/// product of one build (`snakeid`, `snakeid-bench`, the test bundle) in one folder, so this
/// works for debug and release builds and any scratch path alike.
public enum BuiltProducts {
    /// The folder of the running executable (for tests: the test bundle's), or
    /// `$SNAKEID_TEST_BINARY_DIR` when set: `make test` runs the process-level suites a second
    /// time against the release build's products that way.
    public static let directory: String = {
        if let override = ProcessInfo.processInfo.environment["SNAKEID_TEST_BINARY_DIR"], !override.isEmpty {
            return URL(fileURLWithPath: override).standardizedFileURL.path
        }
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().standardizedFileURL.path
    }()

    /// The executable product `name` of this build, or nil when it has not been built.
    public static func executable(_ name: String) -> String? {
        let path = directory + "/" + name
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }
}
