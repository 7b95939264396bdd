import Logging

/// Reloads served models for `POST /v1/model/reload` and `SIGHUP`, with a log line and a metric
/// per outcome.
struct ModelReloader: Sendable {
    let metrics: ServerMetrics
    let logger: Logger

    /// Reloads `model` from `directory` (default: where it came from).
    func reload(_ model: ServedModel, from directory: String? = nil) async throws(ReloadError) -> ModelIdentity {
        logger.info(
            "reloading model \(model.name)", metadata: ["model.directory": "\(directory ?? model.identity.directory)"])
        do {
            let identity = try await model.reload(from: directory)
            metrics.recordReload(model: model.name, outcome: "ok")
            logger.info(
                "model \(model.name) reloaded",
                metadata: [
                    "model.generation": "\(identity.generation)",
                    "model.weights_sha256": "\(identity.weightsSHA256 ?? "-")",
                ])
            return identity
        } catch {
            metrics.recordReload(model: model.name, outcome: "failed")
            logger.error("\(error)")
            throw error
        }
    }
}
