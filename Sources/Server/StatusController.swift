import Hummingbird
import Inference

/// Routes about the server itself:
/// - `GET /healthz`: the process is alive.
/// - `GET /readyz`: the default model is loaded and answering (a tiny forward, cached for
///   seconds), with its name and weights hash.
/// - `GET /metrics`: Prometheus text format.
/// - `GET /openapi.json`: the OpenAPI 3 description of every route.
struct StatusController: Sendable {
    let models: ModelRegistry
    let metrics: ServerMetrics
    let readiness: ReadinessProbe
    let document: String

    func register(on router: Router<some RequestContext>) {
        router.get("/healthz") { _, _ in JSONResponse.make(["status": "ok"]) }
        router.get("/readyz") { _, _ in try await ready() }
        router.get("/metrics") { _, _ in
            let depth = models.models.reduce(0) { $0 + $1.classifier.queueDepth }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition(queueDepth: depth))))
        }
        router.get("/openapi.json") { _, _ in JSONResponse.raw(document.utf8) }
    }

    private func ready() async throws -> Response {
        switch await readiness.check() {
        case .ready(let milliseconds):
            let model = models.defaultModel
            let identity = model.identity
            return JSONResponse.make(
                ReadyBody(
                    status: "ready", model: model.name, weightsSHA256: identity.weightsSHA256,
                    generation: identity.generation, forwardMs: milliseconds))
        case .notReady(let reason):
            throw APIError.notReady(reason)
        }
    }
}

/// The `/readyz` answer.
private struct ReadyBody: Encodable {
    var status: String
    var model: String
    var weightsSHA256: String?
    var generation: Int
    var forwardMs: Double

    enum CodingKeys: String, CodingKey {
        case status, model, generation
        case weightsSHA256 = "weights_sha256"
        case forwardMs = "probe_ms"
    }
}
