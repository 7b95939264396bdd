import Hummingbird
import Inference

/// `POST /v1/explain` (the default model) and `POST /v1/models/{name}/explain`: where the model
/// looked, for an image sent like to `/v1/classify` (raw body or multipart field `file`).
/// Answers the ``Inference/Explanation`` JSON, or with `?format=png` the photo with the map
/// blended over it.
struct ExplainController: Sendable {
    let models: ModelRegistry
    let configuration: ServerConfiguration

    func register(on router: Router<some RequestContext>) {
        router.post("/v1/explain") { request, _ in try await explain(request, model: models.defaultModel) }
        router.post("/v1/models/{name}/explain") { request, context in
            try await explain(request, model: models.model(named: context.parameters.require("name")))
        }
    }

    func explain(_ request: Request, model: ServedModel) async throws -> Response {
        let classifier = model.classifier
        let format = request.uri.queryParameters["format"].map(String.init) ?? "json"
        guard format == "json" || format == "png" else {
            throw APIError.invalidParameter("format", "must be json or png")
        }
        let upload = try await ImageUpload.read(
            from: request, encoding: .multipartOrRaw(field: "file"), limit: configuration.maxBodyBytes,
            timeout: configuration.bodyTimeout)
        let result = try await classifier.explain(bytes: upload.bytes, source: upload.name)
        guard format == "png" else { return JSONResponse.make(result.explanation) }
        let png = try ExplanationOverlay.png(result)
        return Response(
            status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: png)))
    }
}
