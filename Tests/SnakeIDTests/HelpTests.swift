import Foundation
import TestSupport
import Testing

/// `snakeid --help` lists the user's commands; the benchmarks are a program of their own.
@Suite("snakeid and snakeid-bench --help")
struct HelpTests {
    @Test(
        "snakeid --help lists the user's commands only",
        .enabled(if: BuiltProducts.executable("snakeid") != nil, "build snakeid first (swift build)"))
    func userCommandsOnly() throws {
        let result = try ProcessRunner.run(try #require(BuiltProducts.executable("snakeid")), ["--help"])
        #expect(result.status == 0)
        for command in ["tui", "classify", "explain", "serve"] {
            #expect(result.standardOutput.contains("  \(command)"), "\(command) missing")
        }
        #expect(!result.standardOutput.contains("bench"), "\(result.standardOutput)")
    }

    @Test(
        "snakeid-bench --help lists both benchmarks",
        .enabled(if: BuiltProducts.executable("snakeid-bench") != nil, "build snakeid-bench first (swift build)"))
    func benchmarksHaveTheirOwnProgram() throws {
        let result = try ProcessRunner.run(try #require(BuiltProducts.executable("snakeid-bench")), ["--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("  bench "))
        #expect(result.standardOutput.contains("  bench-server"))
    }
}
