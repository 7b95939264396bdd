import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Server
import TestSupport
import Testing

/// Stopping finishes requests in flight; the process exits 0 on SIGTERM/SIGINT.
@Suite(.enabled(if: ServerFixture.available, "needs ../shared and the exported model (make model)"))
struct ShutdownTests {
    @Test func stopFinishesARequestInFlight() async throws {
        let images = try await StaticImageServer.start(root: TestPaths.shared + "/images")
        defer { images.stop() }
        let classifier = try await ServerFixture.classifier.value
        let server = APIServer(
            classifier: classifier, configuration: ServerConfiguration(port: 0, allowPrivateURLs: true),
            logger: ServerFixture.quietLogger)
        let (host, port) = try await server.start()
        let slow = images.url("/slow?ms=1500&path=/\(ServerFixture.cobra)")
        let inFlight = Task {
            try await TestClient.withClient(
                host: host, port: port, configuration: ServerFixture.clientConfiguration
            ) { client in
                try await client.get("/classify-url?url=\(Requests.query(slow))")
            }
        }
        // Wait until the request has reached the upstream, i.e. it is in flight.
        let deadline = ContinuousClock.now + .seconds(20)
        while images.requests.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!images.requests.isEmpty)
        let stopStarted = ContinuousClock.now
        await server.stop()
        if TimingChecks.enabled {
            #expect(ContinuousClock.now - stopStarted > .milliseconds(500), "stop() waited for the request")
        }
        let response = try await inFlight.value
        #expect(response.status == .ok, "\(response.text)")
        #expect(server.requestCount == 1)
        // Nothing listens any more.
        await #expect(throws: (any Error).self) {
            try await TestClient.withClient(host: host, port: port) { client in try await client.get("/healthz") }
        }
    }

    /// `snakeid serve` as a child process with one `/classify-url` request in flight, held by a
    /// loopback upstream that answers after `milliseconds`; `body` gets the process, its port and
    /// the request's task once the upstream has seen the request.
    func withRequestInFlight(
        milliseconds: Int,
        _ body: (ServeProcess, Int, Task<TestClient.Response, any Error>) async throws -> Void
    ) async throws {
        let binary = try #require(ServeProcess.binary, "build the snakeid executable first (swift build)")
        let images = try await StaticImageServer.start(root: TestPaths.shared + "/images")
        defer { images.stop() }
        let serve = try await offThePool {
            try ServeProcess.start(
                binary, arguments: ["serve", "--port", "0", "--allow-private-urls", "--model", TestPaths.defaultModel])
        }
        let port = try #require(serve.port, "no serving line; stderr: \(serve.standardError)")
        let slow = images.url("/slow?ms=\(milliseconds)&path=/\(ServerFixture.cobra)")
        let inFlight = Task {
            try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                try await client.get("/classify-url?url=\(Requests.query(slow))")
            }
        }
        let deadline = ContinuousClock.now + .seconds(20)
        while images.requests.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        try await body(serve, port, inFlight)
    }

    /// After SIGTERM new connections are refused while a request in flight still runs (and
    /// that request still gets its answer).
    @Test func serveRefusesNewConnectionsWhileFinishing() async throws {
        try await withRequestInFlight(milliseconds: 4000) { serve, port, inFlight in
            kill(serve.process.processIdentifier, SIGTERM)
            let deadline = ContinuousClock.now + .seconds(20)
            var refused = false
            while !refused, ContinuousClock.now < deadline {
                refused = try await offThePool { LoopbackSocket.connect(port: port, receiveTimeoutSeconds: 1) == nil }
                if !refused { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(refused, "still accepting connections")
            let response = try await inFlight.value
            #expect(response.status == .ok, "the request in flight finished after the listener closed")
            #expect(await serve.exitStatus() == 0)
        }
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func serveExitsZeroOnSignalAfterFinishingInFlightRequests(signal: Int32) async throws {
        try await withRequestInFlight(milliseconds: 1500) { serve, _, inFlight in
            kill(serve.process.processIdentifier, signal)
            let response = try await inFlight.value
            #expect(response.status == .ok)
            let status = await serve.exitStatus()
            #expect(status == 0)
            #expect(serve.standardError.contains("GET /classify-url 200"))
        }
    }
}
