import Foundation
import TestSupport
import Testing

/// `snakeid serve`'s usage errors found once the models load exit with 2, like those found
/// while parsing (README: "2 usage error"); it exited 1.
@Suite("snakeid serve: usage errors found while loading (real process, real model)")
struct ServeUsageErrorTests {
    @Test(.enabled(if: ServePortInUseTests.ready, "needs the built snakeid and the model"))
    func twoModelsUnderOneNameIsAUsageError() throws {
        let result = try ProcessRunner.run(
            ProcessRunner.snakeid,
            ["serve", "--port", "0", "--model", TestPaths.defaultModel, "--model", TestPaths.defaultModel],
            timeout: 120)
        #expect(result.status == 2, "\(result.standardError)")
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("snakeid: two models are served as ") }, "\(result.standardError)")
    }
}
