import FoundationEssentials
import Glibc

/// Labelled feature vectors: `count x featureCount` floats, one label each.
struct LabelledFeatures: Sendable {
    var rows: [Float] = []
    var labels: [Int] = []
    var featureCount: Int

    var count: Int { labels.count }

    mutating func append(_ row: [Float], label: Int) {
        rows += row
        labels.append(label)
    }
}

/// Fits a ``SpeciesHead``: standardises the features, chooses the weight decay on the
/// validation split (accuracy, then log loss), refits on train + validation with it, and folds
/// the standardisation into the head's weights.
struct HeadFit: Sendable {
    struct Result: Sendable {
        var head: SpeciesHead
        /// The head fitted on train alone (for calibration on validation photos it never saw).
        var trainOnlyHead: SpeciesHead
        var decay: Float
        var trials: [DecayTrial]
    }

    var classes: [HeadClass]
    var decays: [Float] = TrainingOptions.defaultDecays

    func fit(train: LabelledFeatures, validation: LabelledFeatures, progress: @Sendable (Int, Int) -> Void) -> Result {
        let d = train.featureCount
        let (mean, scale) = Self.standardisation(train)
        let problem = { (data: LabelledFeatures) in
            SoftmaxRegression(
                rows: Self.standardised(data, mean: mean, scale: scale), labels: data.labels,
                sampleWeights: SoftmaxRegression.balancedWeights(labels: data.labels, classCount: classes.count),
                classCount: classes.count, featureCount: d)
        }
        let trainProblem = problem(train)
        let validationRows = Self.standardised(validation, mean: mean, scale: scale)
        var trials: [DecayTrial] = []
        var best: (trial: DecayTrial, parameters: [Float])?
        var start: [Float]?
        for (index, decay) in decays.enumerated() {
            let parameters = trainProblem.fit(decay: decay, start: start)
            start = parameters
            let trial = Self.score(
                trainProblem, parameters, rows: validationRows, labels: validation.labels, decay: decay)
            trials.append(trial)
            if let current = best?.trial {
                if (trial.validationAccuracy, -trial.validationLoss) > (
                    current.validationAccuracy, -current.validationLoss
                ) {
                    best = (trial, parameters)
                }
            } else {
                best = (trial, parameters)
            }
            progress(index + 1, decays.count + 1)
        }
        let chosen = best?.trial.decay ?? decays[0]
        let trainOnly = best?.parameters ?? trainProblem.fit(decay: chosen)
        // The final head also learns from the validation photos, at the chosen decay.
        var all = train
        all.rows += validation.rows
        all.labels += validation.labels
        let final = validation.count > 0 ? problem(all).fit(decay: chosen, start: trainOnly) : trainOnly
        progress(decays.count + 1, decays.count + 1)
        return Result(
            head: head(final, mean: mean, scale: scale), trainOnlyHead: head(trainOnly, mean: mean, scale: scale),
            decay: chosen, trials: trials)
    }

    /// Per-feature mean and 1 / standard deviation over the training rows.
    static func standardisation(_ data: LabelledFeatures) -> (mean: [Float], scale: [Float]) {
        let d = data.featureCount
        var mean = [Double](repeating: 0, count: d)
        var squares = [Double](repeating: 0, count: d)
        for sample in 0..<data.count {
            for j in 0..<d {
                let value = Double(data.rows[sample * d + j])
                mean[j] += value
                squares[j] += value * value
            }
        }
        let n = Double(max(data.count, 1))
        let means = mean.map { $0 / n }
        let scale = (0..<d).map { j in Float(1 / (max(squares[j] / n - means[j] * means[j], 0) + 1e-6).squareRoot()) }
        return (means.map(Float.init), scale)
    }

    static func standardised(_ data: LabelledFeatures, mean: [Float], scale: [Float]) -> [Float] {
        let d = data.featureCount
        var rows = data.rows
        for index in rows.indices {
            let j = index % d
            rows[index] = (rows[index] - mean[j]) * scale[j]
        }
        return rows
    }

    private static func score(
        _ problem: SoftmaxRegression, _ parameters: [Float], rows: [Float], labels: [Int], decay: Float
    ) -> DecayTrial {
        guard !labels.isEmpty else { return DecayTrial(decay: decay, validationAccuracy: 0, validationLoss: 0) }
        var correct = 0
        var loss = 0.0
        rows.withUnsafeBufferPointer { buffer in
            for (sample, label) in labels.enumerated() {
                let probabilities = problem.probabilities(
                    parameters, row: buffer.baseAddress! + sample * problem.featureCount)
                if probabilities.indices.max(by: { probabilities[$0] < probabilities[$1] }) == label { correct += 1 }
                loss -= log(max(Double(probabilities[label]), 1e-12))
            }
        }
        return DecayTrial(
            decay: decay, validationAccuracy: Double(correct) / Double(labels.count),
            validationLoss: loss / Double(labels.count))
    }

    /// The head on raw features: `W' = W · diag(scale)`, `b' = b − W' · mean`.
    private func head(_ parameters: [Float], mean: [Float], scale: [Float]) -> SpeciesHead {
        let k = classes.count
        let d = mean.count
        var weights = [Float](repeating: 0, count: k * d)
        var bias = [Float](repeating: 0, count: k)
        for c in 0..<k {
            var shift: Float = 0
            for j in 0..<d {
                let weight = parameters[c * d + j] * scale[j]
                weights[c * d + j] = weight
                shift += weight * mean[j]
            }
            bias[c] = parameters[k * d + c] - shift
        }
        return SpeciesHead(classes: classes, featureCount: d, weights: weights, bias: bias)
    }
}

/// One weight decay's figures on the validation split.
public struct DecayTrial: Sendable, Codable, Equatable {
    public var decay: Float
    public var validationAccuracy: Double
    public var validationLoss: Double

    enum CodingKeys: String, CodingKey {
        case decay
        case validationAccuracy = "validation_accuracy"
        case validationLoss = "validation_loss"
    }
}
