import Hummingbird
import Inference

/// Routes about the server itself:
/// - `GET /healthz`: the process is alive.
/// - `GET /readyz`: the model is loaded and answering (a tiny forward, cached for seconds).
/// - `GET /v1/model`: the bundle's metadata and how the model runs.
/// - `GET /metrics`: Prometheus text format.
/// - `GET /openapi.json`: the OpenAPI 3 description of every route.
struct StatusController: Sendable {
    let classifier: Classifier
    let metrics: ServerMetrics
    let readiness: ReadinessProbe

    func register(on router: Router<some RequestContext>) {
        router.get("/healthz") { _, _ in JSONResponse.make(["status": "ok"]) }
        router.get("/readyz") { _, _ in try await ready() }
        router.get("/v1/model") { _, _ in
            JSONResponse.make(ModelDescription(bundle: classifier.bundle, configuration: classifier.configuration))
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition(queueDepth: classifier.queueDepth))))
        }
        let document = OpenAPIDocument.json(labels: classifier.bundle.labels.count)
        router.get("/openapi.json") { _, _ in JSONResponse.raw(document.utf8) }
    }

    private func ready() async throws -> Response {
        switch await readiness.check() {
        case .ready(let milliseconds):
            return JSONResponse.make(
                ReadyBody(status: "ready", model: classifier.bundle.name, forwardMs: milliseconds))
        case .notReady(let reason):
            throw APIError.notReady(reason)
        }
    }
}

/// The `/readyz` answer.
private struct ReadyBody: Encodable {
    var status: String
    var model: String
    var forwardMs: Double

    enum CodingKeys: String, CodingKey {
        case status, model
        case forwardMs = "probe_ms"
    }
}
