import Foundation
import Hummingbird
import HummingbirdTesting
import Inference
import Logging
import TestSupport

@testable import Server

/// The real default model, loaded once for every test that needs it.
enum ServerFixture {
    /// The test client's settings: a minute per request, longer under a sanitizer (a sanitized
    /// build sharing 2 cores with the whole suite).
    static let clientConfiguration = TestClient.Configuration(
        timeout: .seconds(60 * (Sanitizer.active == nil ? 1 : Sanitizer.slowdown)))

    /// Whether the real-model tests can run: `../shared` and the exported model are present.
    static let available = TestPaths.hasShared && TestPaths.hasModel

    static let classifier: Task<Classifier, any Error> = Task {
        let bundle = try ModelBundle.load(from: TestPaths.defaultModel)
        let configuration = InferenceConfiguration.serving(threads: 2)
        return try await Classifier.load(bundle: bundle, configuration: configuration, logger: quietLogger)
    }

    static var quietLogger: Logger {
        var logger = Logger(label: "server-tests")
        logger.logLevel = .warning
        return logger
    }

    /// A shared photo's bytes, e.g. `snakes/n01748264_Indian_cobra.JPEG`.
    static func photo(_ path: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: TestPaths.shared + "/images/" + path)))
    }

    static let cobra = "snakes/n01748264_Indian_cobra.JPEG"

    /// A small JPEG made by the test, for the fake model (no files needed).
    static var syntheticPhoto: [UInt8] { RequestGenerator.images[0] }
    static let tabby = "other/n02123045_tabby.JPEG"
}

/// Starts an ``APIServer`` on a free loopback port around `body`, with a connected client.
func withServer<Value: Sendable>(
    _ configuration: ServerConfiguration = ServerConfiguration(port: 0),
    classifier: Classifier? = nil,
    _ body: @escaping @Sendable (TestClient, APIServer) async throws -> Value
) async throws -> Value {
    let resolved: Classifier
    if let classifier {
        resolved = classifier
    } else {
        resolved = try await ServerFixture.classifier.value
    }
    var configuration = configuration
    configuration.port = 0
    let server = APIServer(classifier: resolved, configuration: configuration, logger: ServerFixture.quietLogger)
    let (host, port) = try await server.start()
    do {
        let value = try await TestClient.withClient(
            host: host, port: port,
            configuration: ServerFixture.clientConfiguration
        ) {
            client in
            try await body(client, server)
        }
        await server.stop()
        return value
    } catch {
        await server.stop()
        throw error
    }
}

/// Runs `test` against the router in process (Hummingbird's test client) over the fake model
/// (or `classifier`): no socket, no model file.
func withFakeRouter(
    _ configuration: ServerConfiguration = ServerConfiguration(port: 0),
    classifier: Classifier? = nil,
    _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    let server = APIServer(
        classifier: classifier ?? FakeClassifier.make(), configuration: configuration,
        logger: ServerFixture.quietLogger)
    try await Application(router: server.makeRouter()).test(.router, test)
}
