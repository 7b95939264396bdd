import FoundationEssentials

/// The pooled features of labelled photos: from the cache when there, else from the backbone's
/// forward (the classifier's lanes, either engine), stored for next time.
struct FeatureExtractor: Sendable {
    let classifier: Classifier
    let cache: FeatureCache?
    /// The length of the pooled feature vector.
    let featureCount: Int

    /// What extraction found for one photo.
    struct Extracted: Sendable {
        /// SHA-256 of the file's bytes.
        var hash: String
        /// One vector per requested view, in order.
        var views: [[Float]]
        /// How many views came from the backbone (the rest from the cache).
        var computed: Int
    }

    /// Features for each photo's views; a photo that cannot be read or decoded gets its error.
    /// `progress` is called after each photo with the number done.
    func extract(
        _ requests: [(path: String, views: [FeatureView])], progress: @Sendable (Int) -> Void
    ) async throws(TrainingError) -> [Result<Extracted, InferenceError>] {
        var results = [Result<Extracted, InferenceError>?](repeating: nil, count: requests.count)
        let inFlight = max(classifier.configuration.lanes * max(classifier.configuration.maxBatch, 1) * 2, 4)
        // The one bounded loop (its work must not throw: a child task with a do/catch around a
        // `try await` lost its position to the Swift 6.3.1 optimiser here, a release-only trap;
        // docs/release-grade.md).
        var done = 0
        await BoundedConcurrency.forEach(count: requests.count, width: inFlight) { index in
            let request = requests[index]
            return await Result { () async throws(InferenceError) -> Extracted in
                try await self.extract(request.path, views: request.views)
            }
        } handle: { index, result in
            results[index] = result
            done += 1
            progress(done)
            return true
        }
        if Task.isCancelled { throw TrainingError(.cancelled, path: "", reason: "training was cancelled") }
        return results.map { $0 ?? .failure(InferenceError(.cancelled, reason: "not extracted")) }
    }

    private func extract(_ path: String, views: [FeatureView]) async throws(InferenceError) -> Extracted {
        let bytes = try ImageFile.read(path)
        let hash = ContentHash.of(bytes)
        var vectors = views.map { cache?.load(hash: hash, view: $0, count: featureCount) }
        let missing = views.indices.filter { vectors[$0] == nil }
        if !missing.isEmpty {
            let input = classifier.bundle.metadata.input
            let image = try classifier.decoder.decode(bytes, source: path, minShorterSide: input.resizeShorterSide)
            for index in missing {
                let row: [Float]
                do {
                    row = try await classifier.queue.submit(views[index].tensor(for: image, input: input)).scores
                } catch {
                    throw error.with(source: path)
                }
                let features = Array(classifier.builder.features(of: row))
                guard features.count == featureCount else {
                    throw InferenceError(
                        .model, source: classifier.bundle.directory,
                        reason: "the backbone gave \(features.count) features, not \(featureCount) "
                            + "(re-export it with models/export_default.py for the pooled-features output)")
                }
                cache?.store(features, hash: hash, view: views[index])
                vectors[index] = features
            }
        }
        return Extracted(hash: hash, views: vectors.map { $0 ?? [] }, computed: missing.count)
    }
}
