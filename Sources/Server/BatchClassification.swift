import Inference

/// Classifies the images of one request, answering each in input order with its prediction or
/// its own error.
///
/// At most `lanes` images of the request are in the model's queue at a time (the classifier's
/// forward lanes): a request of sixteen images takes its share of the lanes, and another
/// client's single image queues behind at most that share, not behind all sixteen.
struct BatchClassification {
    let classifier: Classifier
    let model: String
    let topK: Int

    /// The outcome for each input of `sources`, classifying input `i` with `classify(i)`.
    func run(
        sources: [String], _ classify: @escaping @Sendable (Int) async throws -> Prediction
    ) async -> [BatchElement] {
        let count = sources.count
        let width = max(classifier.configuration.lanes, 1)
        var results = [BatchElement?](repeating: nil, count: count)
        await BoundedConcurrency.forEach(count: count, width: width) { [model] position in
            await Self.outcome(of: position, sources: sources, model: model, classify)
        } handle: { position, element in
            results[position] = element
            return true
        }
        return results.enumerated().map { $1 ?? .failure(.unexpected, source: sources[$0]) }
    }

    /// Input `position`'s prediction, or its error.
    private static func outcome(
        of position: Int, sources: [String], model: String,
        _ classify: @Sendable (Int) async throws -> Prediction
    ) async -> BatchElement {
        do {
            let prediction = try await classify(position)
            return .prediction(ClassifyResponse(model: model, prediction: prediction))
        } catch {
            return .failure(apiError(for: error), source: sources[position])
        }
    }

    /// Uploaded images.
    func run(_ uploads: [ImageUpload]) async -> [BatchElement] {
        let classifier = classifier
        let topK = topK
        return await run(sources: uploads.map(\.name)) { position in
            let upload = uploads[position]
            return try await classifier.classify(bytes: upload.bytes, source: upload.name, topK: topK)
        }
    }

    /// Images to download.
    func run(urls: [String], fetcher: URLFetcher) async -> [BatchElement] {
        let classifier = classifier
        let topK = topK
        return await run(sources: urls) { position in
            try await classifier.classify(url: urls[position], fetcher: fetcher, topK: topK)
        }
    }

    /// What one input's error answers, as the whole request's would (``ErrorRenderer``).
    static func apiError(for error: any Error) -> APIError {
        ErrorRenderer.apiError(for: error, request: nil) ?? .unexpected
    }
}

/// One element of a batch answer: the `/v1/classify` prediction, or
/// `{"source": …, "error": {"code", "message"}}` for this input alone.
enum BatchElement: Encodable {
    case prediction(ClassifyResponse)
    case failure(APIError, source: String)

    private enum CodingKeys: String, CodingKey {
        case source, error
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .prediction(let response):
            try response.encode(to: encoder)
        case .failure(let error, let source):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(source, forKey: .source)
            try container.encode(ErrorBody(error).error, forKey: .error)
        }
    }
}
