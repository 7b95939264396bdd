import FoundationEssentials
import Hummingbird

/// Routes about the models:
/// - `GET /v1/model`: the default model's metadata, weights hash and how it runs.
/// - `GET /v1/models`: every model, the default first.
/// - `POST /v1/model/reload`: load a model again (JSON `{"model": NAME, "path": DIR}`, both
///   optional: the default model, from its folder) and switch to it once loaded; the previous
///   model answers meanwhile, and keeps serving if the load fails (422 `reload_failed`).
struct ModelController: Sendable {
    let models: ModelRegistry
    let reloader: ModelReloader
    let configuration: ServerConfiguration

    func register(on router: Router<some RequestContext>) {
        router.get("/v1/model") { _, _ in JSONResponse.make(ModelDescription(models.defaultModel)) }
        router.get("/v1/models") { _, _ in
            JSONResponse.make(
                ModelList(default: models.defaultModel.name, models: models.models.map(ModelDescription.init)))
        }
        router.post("/v1/model/reload") { request, _ in try await reload(request) }
    }

    func reload(_ request: Request) async throws -> Response {
        let body = try await RequestBodyReader.collect(
            request, limit: configuration.maxBodyBytes, timeout: configuration.bodyTimeout)
        var parameters = ReloadRequest()
        if body.readableBytes > 0 {
            do {
                parameters = try JSONDecoder().decode(ReloadRequest.self, from: Data(body.readableBytesView))
            } catch {
                throw APIError.malformedBody(
                    #"expected nothing, or a JSON object such as {"model": "NAME", "path": "/models/dir"}"#)
            }
        }
        let model = try parameters.model.map(models.model(named:)) ?? models.defaultModel
        if let path = parameters.path, path.isEmpty { throw APIError.invalidParameter("path", "must not be empty") }
        do {
            _ = try await reloader.reload(model, from: parameters.path)
        } catch {
            switch error.reason {
            case .inProgress:
                throw APIError(.reloadInProgress, message: error.description)
            case .loadFailed:
                throw APIError(.reloadFailed, message: error.description)
            }
        }
        return JSONResponse.make(ModelDescription(model))
    }
}

/// The `/v1/models` answer.
private struct ModelList: Encodable {
    var `default`: String
    var models: [ModelDescription]
}

/// The `/v1/model/reload` request body.
private struct ReloadRequest: Decodable {
    var model: String?
    var path: String?

    enum CodingKeys: String, CodingKey {
        case model, path
    }

    init() {}

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decodeUnlessAbsent(String.self, forKey: .model)
        path = try container.decodeUnlessAbsent(String.self, forKey: .path)
    }
}
