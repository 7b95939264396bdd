import Foundation
import TestSupport
import Testing

@testable import Server

/// A server that cannot listen says why in words a user can act on (`snakeid serve` and the
/// terminal UI print the same message).
@Suite struct StartFailureTests {
    @Test func aPortInUseIsNamedWithTheOptionToChangeIt() async throws {
        let classifier = FakeClassifier.make()
        defer { classifier.shutdown() }
        let first = APIServer(
            classifier: classifier, configuration: ServerConfiguration(host: "127.0.0.1", port: 0),
            logger: ServerFixture.quietLogger)
        let (_, port) = try await first.start()
        let second = APIServer(
            classifier: classifier, configuration: ServerConfiguration(host: "127.0.0.1", port: port),
            logger: ServerFixture.quietLogger)
        do {
            _ = try await second.start()
            await second.stop()
            await first.stop()
            Issue.record("a second server listened on port \(port)")
        } catch {
            await first.stop()
            let failure = ServerStartError(error, host: "127.0.0.1", port: port)
            #expect(failure.kind == .portInUse, "\(error)")
            #expect(failure.description == "port \(port) is in use; choose another (--port)")
            #expect(failure.message(portOption: "s") == "port \(port) is in use; choose another (s)")
        }
    }

    @Test func otherBindErrorsAreWorded() {
        let denied = ServerStartError(errno: EACCES, reason: "bind", host: "0.0.0.0", port: 80)
        #expect(denied.kind == .permissionDenied && denied.description.contains("above 1023"))
        let foreign = ServerStartError(
            errno: EADDRNOTAVAIL, reason: "bind", host: "10.9.9.9", port: 80)
        #expect(foreign.description == "10.9.9.9 is not an address of this machine; use 127.0.0.1 or 0.0.0.0")
        let other = ServerStartError(APIServerError.notListening, host: "h", port: 1)
        #expect(other.description == "cannot listen on h:1: the server stopped before it could listen")
    }
}
