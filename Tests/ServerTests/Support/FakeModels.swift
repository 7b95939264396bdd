import Foundation
import Hummingbird
import HummingbirdTesting
import Inference
import Logging
import TestSupport

@testable import Server

/// Served models over the fake classifier, for tests of the routes that name, list and reload
/// models (no model file).
enum FakeModels {
    /// A small PNG every model decodes.
    static var png: [UInt8] { RequestGenerator.images[1] }

    /// A served fake model whose reloads build another fake classifier (or fail, for a folder
    /// named `/broken…`).
    static func served(_ name: String, scores: [Float] = [0, 0, 5, 0]) -> ServedModel {
        ServedModel(name: name, classifier: FakeClassifier.make(scores: scores)) { directory in
            if directory.hasPrefix("/broken") { throw ReloadFailure(directory: directory) }
            return FakeClassifier.make(scores: scores)
        }
    }

    /// A server with `names` as its models, the first the default.
    static func server(_ names: [String] = ["first", "second"], configuration: ServerConfiguration = .init(port: 0))
        -> APIServer
    {
        let models = names.enumerated().map { index, name in
            // The second model says "grass snake" so that answers tell the models apart.
            served(name, scores: index == 0 ? [0, 0, 5, 0] : [0, 5, 0, 0])
        }
        return APIServer(models: ModelRegistry(models), configuration: configuration, logger: ServerFixture.quietLogger)
    }

    /// Runs `test` against `server`'s router in process.
    static func withRouter(
        _ server: APIServer, _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await Application(router: server.makeRouter()).test(.router, test)
    }

    struct ReloadFailure: Error, CustomStringConvertible {
        var directory: String
        var description: String { "no bundle in \(directory)" }
    }
}

extension TestResponse {
    /// The body parsed as JSON (object or array).
    var jsonValue: Any {
        get throws { try JSONSerialization.jsonObject(with: Data(String(buffer: body).utf8)) }
    }

    /// The body parsed as a JSON object.
    var jsonObject: [String: Any] {
        get throws {
            guard let object = try jsonValue as? [String: Any] else {
                throw TestFailure("not a JSON object: \(String(buffer: body))")
            }
            return object
        }
    }

    /// `error.code` of a JSON error body.
    var apiErrorCode: String? {
        ((try? jsonObject)?["error"] as? [String: Any])?["code"] as? String
    }
}
