import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import TestSupport
import Testing

/// Starting and stopping the server over loopback, on the fake model.
struct ServerLifecycleTests {
    @Test func aStoppedServerCanStartAgain() async throws {
        let classifier = FakeClassifier.make()
        let server = APIServer(
            classifier: classifier, configuration: ServerConfiguration(port: 0), logger: ServerFixture.quietLogger)
        await server.stop()  // before start: nothing to do
        #expect(server.address == nil)
        for _ in 0..<2 {
            let (host, port) = try await server.start()
            #expect(server.address?.port == port)
            await #expect(throws: APIServerError.self) { _ = try await server.start() }
            let status = try await TestClient.withClient(
                host: host, port: port, configuration: ServerFixture.clientConfiguration
            ) { client in
                try await client.get("/healthz").status
            }
            #expect(status == .ok)
            await server.stop()
            #expect(server.address == nil)
        }
    }

    @Test func aPortInUseIsAnError() async throws {
        let classifier = FakeClassifier.make()
        let first = APIServer(
            classifier: classifier, configuration: ServerConfiguration(port: 0), logger: ServerFixture.quietLogger)
        let (_, port) = try await first.start()
        let second = APIServer(
            classifier: classifier, configuration: ServerConfiguration(port: port), logger: ServerFixture.quietLogger)
        await #expect(throws: (any Error).self) { _ = try await second.start() }
        await first.stop()
    }
}
