import Hummingbird
import Prometheus

/// The server's Prometheus metrics, exposed at `/metrics`.
///
/// - `snakeid_http_requests_total{route, method, status}`: requests answered.
/// - `snakeid_http_request_duration_seconds{route}`: latency histogram.
/// - `snakeid_http_requests_in_flight`: requests being handled now.
/// - `snakeid_inference_batch_size`: images per model forward.
/// - `snakeid_inference_queue_depth`: images waiting for a forward (read when scraped).
/// - `snakeid_http_rejected_requests_total{reason}`: requests refused for a missing or invalid
///   API key.
/// - `snakeid_model_reloads_total{model, outcome}`: reloads that succeeded or failed.
final class ServerMetrics: Sendable {
    /// The registry these metrics live in; one per server, so tests and servers do not mix.
    let registry = PrometheusCollectorRegistry()
    private let inFlight: Gauge
    private let queueDepth: Gauge
    private let batchSizes: ValueHistogram

    private static let latencyBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    init() {
        inFlight = registry.makeGauge(
            descriptor: .init(
                namespace: "snakeid", subsystem: "http", metricName: "requests", unitName: "in_flight",
                helpText: "Requests being handled now."))
        queueDepth = registry.makeGauge(
            descriptor: .init(
                namespace: "snakeid", subsystem: "inference", metricName: "queue", unitName: "depth",
                helpText: "Images waiting for a model forward."))
        batchSizes = registry.makeValueHistogram(
            descriptor: .init(
                namespace: "snakeid", subsystem: "inference", metricName: "batch", unitName: "size",
                helpText: "Images per model forward."),
            buckets: [1, 2, 4, 8, 16, 32, 64])
    }

    /// A request started.
    func requestStarted() {
        inFlight.increment()
    }

    /// A request was answered.
    func requestFinished(route: String, method: HTTPRequest.Method, status: HTTPResponse.Status, duration: Duration) {
        inFlight.decrement()
        registry.makeCounter(
            descriptor: Self.requestsDescriptor,
            labels: [("route", route), ("method", method.rawValue), ("status", String(status.code))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.durationDescriptor, labels: [("route", route)], buckets: Self.latencyBuckets
        ).record(duration)
    }

    /// A request was refused before reaching its route (`missing_key`, `invalid_key`).
    func recordRejection(reason: String) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "snakeid", subsystem: "http", metricName: "rejected_requests", unitName: "total",
                helpText: "Requests refused for a missing or invalid API key, by reason."),
            labels: [("reason", reason)]
        ).increment()
    }

    /// A reload of `model` ended (`outcome`: `ok` or `failed`).
    func recordReload(model: String, outcome: String) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "snakeid", subsystem: "model", metricName: "reloads", unitName: "total",
                helpText: "Model reloads, by model and outcome."),
            labels: [("model", model), ("outcome", outcome)]
        ).increment()
    }

    /// A model forward ran `size` images.
    func recordBatch(size: Int) {
        batchSizes.record(Double(size))
    }

    /// The text exposition format, with the queue depth as of now.
    func exposition(queueDepth depth: Int) -> [UInt8] {
        queueDepth.set(Double(depth))
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }

    private static var requestsDescriptor: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "snakeid", subsystem: "http", metricName: "requests", unitName: "total",
            helpText: "HTTP requests answered, by route, method and status.")
    }

    private static var durationDescriptor: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "snakeid", subsystem: "http", metricName: "request_duration", unitName: "seconds",
            helpText: "Time from request to response, by route.")
    }
}
