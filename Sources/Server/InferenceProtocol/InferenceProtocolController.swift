import FoundationEssentials
import Hummingbird
import Inference

/// The Open Inference Protocol (KServe v2, also spoken by Triton and OpenVINO Model Server)
/// beside SnakeID's own routes, so KServe, Triton clients and `tritonclient[http]` can use it:
/// - `GET /v2/health/live`, `GET /v2/health/ready` (the default model answers),
/// - `GET /v2` (server metadata), `GET /v2/models/{name}`, `GET /v2/models/{name}/ready`,
/// - `POST /v2/models/{name}/infer`.
///
/// The model takes one input: `image`, BYTES `[N]` (or `[N, 1]`), each element an encoded image
/// (base64 in JSON, raw as binary data), or `pixels`, FP32 `[N, 3, H, W]`, preprocessed as the
/// bundle's `input` says. N is the batch, at most ``ServerConfiguration/maxImagesPerRequest``.
/// The outputs, per image: ``InferenceProtocolOutputs``. Errors have the API's usual statuses
/// (4xx for the client's mistakes) with the protocol's body, `{"error": "CODE: message"}`
/// (the routes' own; a missing API key is still the key check's `{"error": {"code", …}}`).
struct InferenceProtocolController: Sendable {
    let models: ModelRegistry
    let configuration: ServerConfiguration
    let readiness: ReadinessProbe

    /// The names of the two inputs.
    static let imageInput = "image"
    static let pixelsInput = "pixels"

    func register(on router: Router<some RequestContext>) {
        router.get("/v2/health/live") { _, _ in JSONResponse.make(["live": true]) }
        router.get("/v2/health/ready") { request, _ in try await protocolErrors(request) { try await ready() } }
        router.get("/v2") { _, _ in
            JSONResponse.make(
                ServerMetadata(name: "snakeid", version: "1", extensions: ["binary_tensor_data"]))
        }
        router.get("/v2/models/{name}") { request, context in
            try await protocolErrors(request) {
                try metadata(models.model(named: context.parameters.require("name")))
            }
        }
        router.get("/v2/models/{name}/ready") { request, context in
            try await protocolErrors(request) {
                let model = try models.model(named: context.parameters.require("name"))
                if model.name == models.defaultModel.name { return try await ready() }
                return JSONResponse.make(["ready": true])
            }
        }
        router.post("/v2/models/{name}/infer") { request, context in
            try await protocolErrors(request) {
                try await infer(request, model: models.model(named: context.parameters.require("name")))
            }
        }
    }

    /// `body`'s response, or its error as the protocol's `{"error": "CODE: message"}` with the
    /// usual status and headers (what tritonclient reads: it fails on any other error body).
    private func protocolErrors(
        _ request: Request, _ body: () async throws -> Response
    ) async throws -> Response {
        do {
            return try await body()
        } catch {
            guard let apiError = ErrorRenderer.apiError(for: error, request: request) else { throw error }
            var response = JSONResponse.make(
                ["error": "\(apiError.code): \(apiError.message)"], status: apiError.status)
            response.headers.append(contentsOf: apiError.headers)
            return response
        }
    }

    private func ready() async throws -> Response {
        switch await readiness.check() {
        case .ready: return JSONResponse.make(["ready": true])
        case .notReady(let reason): throw APIError.notReady(reason)
        }
    }

    private func metadata(_ model: ServedModel) -> Response {
        let (classifier, identity) = model.current
        let input = classifier.bundle.metadata.input
        let outputs = InferenceProtocolOutputs.all.map {
            TensorMetadata(
                name: $0.name, datatype: $0.datatype, shape: $0.shape(labels: classifier.bundle.labels.count))
        }
        return JSONResponse.make(
            ModelMetadataBody(
                name: model.name, versions: [String(identity.generation)],
                platform: "snakeid_" + (classifier.configuration.engine?.rawValue ?? "torch"),
                inputs: [
                    TensorMetadata(name: Self.imageInput, datatype: "BYTES", shape: [-1]),
                    TensorMetadata(
                        name: Self.pixelsInput, datatype: "FP32", shape: [-1, 3, input.height, input.width]),
                ],
                outputs: outputs))
    }

    func infer(_ request: Request, model: ServedModel) async throws -> Response {
        let (classifier, identity) = model.current  // once: a reload may swap them meanwhile
        let body = try await RequestBodyReader.collect(
            request, limit: configuration.maxBodyBytes, timeout: configuration.bodyTimeout)
        let parsed = try InferRequest.parse(
            Array(body.readableBytesView), headerLength: request.headers[InferRequest.headerLengthField])
        let labels = classifier.bundle.labels.count
        // The default is capped at the model's labels; a `top` the client asks for must fit.
        let top =
            try parsed.top.map { try TopParameter.valid($0, labels: labels) } ?? min(configuration.defaultTopK, labels)
        let images = try images(of: parsed, classifier)
        let predictions = try await classifyAll(images, classifier)
        let wanted = try InferenceProtocolOutputs.selected(by: parsed)
        let outputs = wanted.map { output, binary in
            InferResponse.Output(
                name: output.name, datatype: output.datatype,
                shape: output.shape(batch: predictions.count, labels: labels, top: top),
                data: output.elements(predictions, labels: labels, top: top), binary: binary)
        }
        return InferResponse(
            modelName: model.name, modelVersion: String(identity.generation), id: parsed.id, outputs: outputs
        ).response()
    }

    /// What to classify: encoded images, or tensors the client prepared.
    private enum Images {
        case encoded([[UInt8]])
        case prepared([PreparedImage])

        var count: Int {
            switch self {
            case .encoded(let images): images.count
            case .prepared(let images): images.count
            }
        }
    }

    private func images(of request: InferRequest, _ classifier: Classifier) throws(APIError) -> Images {
        guard request.inputs.count == 1, let input = request.inputs.first else {
            throw APIError.invalidParameter(
                "inputs", "must hold one input, `\(Self.imageInput)` (BYTES) or `\(Self.pixelsInput)` (FP32)")
        }
        let batch = input.shape.first ?? 0
        guard batch >= 1 else {
            throw APIError.invalidParameter("inputs[0].shape", "must start with a batch of 1 or more")
        }
        let limit = configuration.maxImagesPerRequest
        guard batch <= limit else {
            throw APIError(
                status: .badRequest, code: "too_many_images",
                message: "the request sends \(batch) images; at most \(limit) per request")
        }
        switch (input.name, input.data) {
        case (Self.imageInput, .bytes(let elements)):
            guard input.shape == [batch] || input.shape == [batch, 1] else {
                throw APIError.invalidParameter("inputs[0].shape", "must be [N] or [N, 1] for `\(Self.imageInput)`")
            }
            if let empty = elements.firstIndex(where: \.isEmpty) {
                throw APIError.invalidParameter("inputs[0].data[\(empty)]", "is empty; send the image bytes")
            }
            return .encoded(elements)
        case (Self.pixelsInput, .numbers(let values)):
            let size = classifier.bundle.metadata.input
            guard input.shape == [batch, 3, size.height, size.width] else {
                throw APIError.invalidParameter(
                    "inputs[0].shape", "must be [N, 3, \(size.height), \(size.width)] for `\(Self.pixelsInput)`")
            }
            let perImage = 3 * size.height * size.width
            return .prepared(
                (0..<batch).map { index in
                    PreparedImage(
                        tensor: Array(values[(index * perImage)..<((index + 1) * perImage)]), width: size.width,
                        height: size.height, source: "\(Self.pixelsInput)[\(index)]")
                })
        case (Self.imageInput, _), (Self.pixelsInput, _):
            throw APIError.invalidParameter(
                "inputs[0].datatype",
                "must be BYTES for `\(Self.imageInput)` and FP32 for `\(Self.pixelsInput)`")
        default:
            throw APIError.invalidParameter(
                "inputs[0].name", "is `\(input.name)`; the inputs are `\(Self.imageInput)` and `\(Self.pixelsInput)`")
        }
    }

    /// Every image at once, so that the classifier batches them; the first failure fails the
    /// request (the protocol answers a request whole), naming the image.
    private func classifyAll(_ images: Images, _ classifier: Classifier) async throws -> [Prediction] {
        let labels = classifier.bundle.labels.count
        var predictions: [Prediction?] = Array(repeating: nil, count: images.count)
        var failure: InferenceError?
        await BoundedConcurrency.forEach(count: images.count, width: images.count) { index in
            await Result { () async throws(InferenceError) -> Prediction in
                switch images {
                case .encoded(let all):
                    let source = "\(Self.imageInput)[\(index)]"
                    return try await classifier.classify(bytes: all[index], source: source, topK: labels)
                case .prepared(let all):
                    return try await classifier.predict(all[index], topK: labels)
                }
            }
        } handle: { index, result in
            switch result {
            case .success(let prediction):
                predictions[index] = prediction
                return true
            case .failure(let error):
                failure = failure ?? error
                return false
            }
        }
        if let failure { throw failure }
        return predictions.compactMap { $0 }
    }
}

/// `GET /v2`.
private struct ServerMetadata: Encodable {
    var name: String
    var version: String
    var extensions: [String]
}

/// `GET /v2/models/{name}`.
private struct ModelMetadataBody: Encodable {
    var name: String
    var versions: [String]
    var platform: String
    var inputs: [TensorMetadata]
    var outputs: [TensorMetadata]
}

private struct TensorMetadata: Encodable {
    var name: String
    var datatype: String
    var shape: [Int]
}
