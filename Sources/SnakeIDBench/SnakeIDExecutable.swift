import Foundation
import TestSupport

/// The `snakeid` program that the whole-process benchmarks run: the one built beside
/// `snakeid-bench` (SwiftPM puts every product of a build in one folder).
enum SnakeIDExecutable {
    /// The path of `snakeid` beside this binary.
    /// - Throws: `BenchmarkError` when it is not there.
    static func locate() throws(BenchmarkError) -> String {
        guard let path = BuiltProducts.executable("snakeid") else {
            throw BenchmarkError(
                "no snakeid executable in \(BuiltProducts.directory); build it with the benchmark "
                    + "(swift build -c release, or make bench)")
        }
        return path
    }
}

/// A benchmark that cannot run, and why.
struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
