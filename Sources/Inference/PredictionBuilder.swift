import FoundationEssentials
import Glibc

/// Turns a model's scores into a `Prediction`: softmax, top-k, snake probability, verdict and
/// the species ranking.
///
/// With a trained species head, the ImageNet snake classes still give the snake probability and
/// the verdict; the head ranks the species on the row's features, and the venomous and
/// dangerous probabilities are the snake probability times the head's share for them.
struct PredictionBuilder: Sendable {
    let metadata: ModelMetadata
    var head: SpeciesHead? = nil

    /// - Parameter scores: one image's row from the model: the class logits, then the pooled
    ///   features when the model exports them.
    func prediction(
        scores: [Float], source: String, topK: Int, timings: PredictionTimings
    ) -> Prediction {
        let logits = logits(of: scores)
        let probabilities = Self.softmax(logits)
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
        if let head {
            var prediction = prediction(
                head: head, features: features(of: scores), source: source, snakeProbability: snakeProbability,
                verdict: verdict, top: top, timings: timings)
            finish(&prediction, logits: logits)
            return prediction
        }
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
        finish(&prediction, logits: logits)
        return prediction
    }

    /// Sets what every prediction reads from the logits and the bundle's rules: the mild note's
    /// threshold, max logit and energy, then (last: the recognition rule reads the finished
    /// prediction) the look-alike flag and the risk.
    private func finish(_ prediction: inout Prediction, logits: [Float]) {
        prediction.mildNoteAtLeast = metadata.risk.mildNoteAtLeast
        if let maximum = logits.max() {
            prediction.maxLogit = Double(maximum)
            prediction.energy = -(Double(maximum) + log(logits.reduce(0) { $0 + exp(Double($1 - maximum)) }))
        }
        prediction.isTakenForDangerous = metadata.recognition.isTakenForDangerous(prediction)
        prediction.risk = metadata.risk.risk(
            dangerousProbability: prediction.dangerousProbability, verdict: prediction.verdict,
            recognised: metadata.recognition.recognises(prediction))
    }

    /// The prediction of a bundle with a trained species head.
    private func prediction(
        head: SpeciesHead, features: ArraySlice<Float>, source: String, snakeProbability: Double,
        verdict: Verdict, top: [RankedLabel], timings: PredictionTimings
    ) -> Prediction {
        // A model without the features output cannot feed the head: no species then.
        let probabilities = features.count == head.featureCount ? head.probabilities(features) : []
        let share = { (keep: (Danger) -> Bool) in
            zip(head.classes, probabilities).filter { keep($0.0.danger) }.reduce(0.0) { $0 + $1.1 } * snakeProbability
        }
        let venomousProbability = share(\.isVenomous)
        let dangerousProbability = share { $0 == .dangerous }
        let species =
            verdict == .notSnake
            ? []
            : zip(head.classes, probabilities).map { headClass, probability in
                SpeciesProbability(
                    label: headClass.commonName, scientificName: headClass.scientificName, danger: headClass.danger,
                    probability: probability)
            }.sorted { $0.probability > $1.probability }
        return Prediction(
            source: source, snakeProbability: snakeProbability, verdict: verdict, top: top, species: species,
            timings: timings, venomousProbability: venomousProbability, dangerousProbability: dangerousProbability)
    }

    func verdict(for snakeProbability: Double) -> Verdict {
        if snakeProbability >= metadata.verdict.snakeAtLeast { return .snake }
        if snakeProbability < metadata.verdict.notSnakeBelow { return .notSnake }
        return .unsure
    }

    private func label(at index: Int) -> String {
        metadata.labels.indices.contains(index) ? metadata.labels[index] : "class \(index)"
    }

    /// The class logits of a model's row: its first `labels.count` values (a two-output model
    /// puts its pooled features after them).
    func logits(of row: [Float]) -> [Float] {
        row.count > metadata.labels.count ? Array(row.prefix(metadata.labels.count)) : row
    }

    /// The pooled features of a model's row (empty for a model with one output).
    func features(of row: [Float]) -> ArraySlice<Float> {
        row.count > metadata.labels.count ? row[metadata.labels.count...] : []
    }

    /// Softmax in double precision (numerically stable).
    static func softmax(_ scores: [Float]) -> [Double] {
        guard let maximum = scores.max() else { return [] }
        let exponentials = scores.map { exp(Double($0 - maximum)) }
        let total = exponentials.reduce(0, +)
        return exponentials.map { $0 / total }
    }
}
