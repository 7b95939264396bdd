import Foundation

/// Turns a model's scores into a `Prediction`: softmax, top-k, snake probability, verdict and
/// the species ranking.
struct PredictionBuilder: Sendable {
    let metadata: ModelMetadata

    func prediction(
        scores: [Float], source: String, topK: Int, timings: PredictionTimings
    ) -> Prediction {
        let probabilities = Self.softmax(scores)
        let k = min(max(topK, 1), probabilities.count)
        let ranked = probabilities.indices.sorted { probabilities[$0] > probabilities[$1] }
        let top = ranked.prefix(k).map { index in
            RankedLabel(
                index: index, label: label(at: index), probability: probabilities[index])
        }
        let snakeClasses = metadata.snakes.filter { probabilities.indices.contains($0.index) }
        let snakeProbability = snakeClasses.reduce(0.0) { $0 + probabilities[$1.index] }
        let venomousProbability = snakeClasses.filter(\.danger.isVenomous).reduce(0.0) {
            $0 + probabilities[$1.index]
        }
        let dangerousProbability = snakeClasses.filter { $0.danger == .dangerous }.reduce(0.0) {
            $0 + probabilities[$1.index]
        }
        let verdict = verdict(for: snakeProbability)
        // Species are an answer to "which snake?", asked only when it may be one.
        let species =
            verdict == .notSnake
            ? []
            : snakeClasses.map { snake in
                SpeciesProbability(
                    label: snake.commonName, scientificName: snake.scientificName, danger: snake.danger,
                    probability: snakeProbability > 0 ? probabilities[snake.index] / snakeProbability : 0)
            }.sorted { $0.probability > $1.probability }
        var prediction = Prediction(
            source: source, snakeProbability: snakeProbability, verdict: verdict, top: top, species: species,
            timings: timings, venomousProbability: venomousProbability, dangerousProbability: dangerousProbability)
        prediction.mildNoteAtLeast = metadata.risk.mildNoteAtLeast
        if let maximum = scores.max() {
            prediction.maxLogit = Double(maximum)
            prediction.energy = -(Double(maximum) + log(scores.reduce(0) { $0 + exp(Double($1 - maximum)) }))
        }
        // Last: the recognition rule reads the finished prediction (species, logits).
        prediction.isLookAlike = metadata.recognition.isLookAlike(prediction)
        prediction.risk = metadata.risk.risk(
            dangerousProbability: dangerousProbability, verdict: verdict,
            recognised: metadata.recognition.recognises(prediction))
        return prediction
    }

    func verdict(for snakeProbability: Double) -> Verdict {
        if snakeProbability >= metadata.verdict.snakeAtLeast { return .snake }
        if snakeProbability < metadata.verdict.notSnakeBelow { return .notSnake }
        return .unsure
    }

    private func label(at index: Int) -> String {
        metadata.labels.indices.contains(index) ? metadata.labels[index] : "class \(index)"
    }

    /// Softmax in double precision (numerically stable).
    static func softmax(_ scores: [Float]) -> [Double] {
        guard let maximum = scores.max() else { return [] }
        let exponentials = scores.map { exp(Double($0 - maximum)) }
        let total = exponentials.reduce(0, +)
        return exponentials.map { $0 / total }
    }
}
