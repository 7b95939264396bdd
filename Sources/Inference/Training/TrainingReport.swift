import FoundationEssentials
import Glibc

/// What `snakeid train` did and how well the head does (`--report FILE` writes it as JSON; the
/// CLI prints it as text).
public struct TrainingReport: Sendable, Codable, Equatable {
    /// A photo left out, and why.
    public struct SkippedPhoto: Sendable, Codable, Equatable {
        public var path: String
        public var reason: String
    }

    /// Identical files (same bytes) in more than one split: the test figures are flattered.
    public struct Duplicate: Sendable, Codable, Equatable {
        public var paths: [String]
        public var splits: [TrainingSplit]
    }

    /// One of the photos the head got most wrong.
    public struct Loss: Sendable, Codable, Equatable {
        public var path: String
        public var label: String
        public var predicted: String
        /// The head's probability of the true class.
        public var probability: Double
        public var loss: Double
    }

    /// The head's first answer for one evaluated photo.
    public struct PhotoPrediction: Sendable, Codable, Equatable {
        public var path: String
        public var label: String
        public var predicted: String
        /// The head's probability of `predicted`.
        public var probability: Double
    }

    /// One class's figures on the evaluated split.
    public struct ClassAccuracy: Sendable, Codable, Equatable {
        public var label: String
        public var photos: Int
        public var correct: Int
        public var accuracy: Double
    }

    /// The head's figures on one split.
    public struct Evaluation: Sendable, Codable, Equatable {
        /// The split measured: `test`, or `validation` when there is no test split.
        public var split: TrainingSplit
        public var photos: Int
        public var top1: Double
        public var top3: Double
        public var perClass: [ClassAccuracy]
        /// `confusion[true][predicted]`, in class order.
        public var confusion: [[Int]]
        /// Venomous photos (mildly venomous or dangerous) whose first species is harmless or a
        /// constrictor: the costliest error, counted apart.
        public var venomousCalledHarmless: Int
        /// The worst photos, worst first.
        public var topLosses: [Loss]
        /// Every evaluated photo's first answer, in path order.
        public var predictions: [PhotoPrediction]

        enum CodingKeys: String, CodingKey {
            case split, photos, top1, top3, confusion, predictions
            case perClass = "per_class"
            case venomousCalledHarmless = "venomous_called_harmless"
            case topLosses = "top_losses"
        }
    }

    /// Seconds spent, and how much came from the cache.
    public struct Timings: Sendable, Codable, Equatable {
        public var featuresSeconds: Double
        public var fitSeconds: Double
        /// Views run through the backbone this time.
        public var extracted: Int
        /// Views read from the cache.
        public var cached: Int

        enum CodingKeys: String, CodingKey {
            case extracted, cached
            case featuresSeconds = "features_seconds"
            case fitSeconds = "fit_seconds"
        }
    }

    public var bundle: String
    public var directory: String
    public var layout: TrainingSet.Layout
    public var classes: [HeadClass]
    /// Classes the classes file gave no danger: treated as dangerous.
    public var dangerDefaulted: [String]
    public var warnings: [String]
    public var skipped: [SkippedPhoto]
    /// Photos used per split.
    public var photos: [String: Int]
    public var augmentation: Augmentation
    public var decay: Float
    public var decaySearch: [DecayTrial]
    /// The bundle's recognition rule, calibrated on the validation split.
    public var recognition: RecognitionRule
    /// The share of right first answers it was calibrated for.
    public var recognitionTargetPrecision: Double
    public var evaluation: Evaluation?
    public var duplicates: [Duplicate]
    public var timings: Timings

    enum CodingKeys: String, CodingKey {
        case bundle, directory, layout, classes, warnings, skipped, photos, augmentation, decay, recognition,
            evaluation, duplicates, timings
        case dangerDefaulted = "danger_defaulted"
        case decaySearch = "decay_search"
        case recognitionTargetPrecision = "recognition_target_precision"
    }
}

extension TrainingReport.Evaluation {
    /// The figures of `head` on `features` (one centre view per photo).
    static func measure(
        head: SpeciesHead, split: TrainingSplit, features: LabelledFeatures, paths: [String], topLosses: Int = 10
    ) -> TrainingReport.Evaluation {
        let k = head.classes.count
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        var top3 = 0
        var venomousCalledHarmless = 0
        var losses: [TrainingReport.Loss] = []
        var predictions: [TrainingReport.PhotoPrediction] = []
        let d = features.featureCount
        for (sample, label) in features.labels.enumerated() {
            let probabilities = head.probabilities(features.rows[(sample * d)..<((sample + 1) * d)])
            let ranked = probabilities.indices.sorted { probabilities[$0] > probabilities[$1] }
            let predicted = ranked[0]
            confusion[label][predicted] += 1
            if ranked.prefix(3).contains(label) { top3 += 1 }
            predictions.append(
                TrainingReport.PhotoPrediction(
                    path: paths[sample], label: head.classes[label].label, predicted: head.classes[predicted].label,
                    probability: probabilities[predicted]))
            let predictedDanger = head.classes[predicted].danger
            if head.classes[label].danger.isVenomous && !predictedDanger.isVenomous { venomousCalledHarmless += 1 }
            if predicted != label {
                losses.append(
                    TrainingReport.Loss(
                        path: paths[sample], label: head.classes[label].label, predicted: head.classes[predicted].label,
                        probability: probabilities[label], loss: -Glibc.log(max(probabilities[label], 1e-12))))
            }
        }
        let count = features.count
        let perClass = head.classes.enumerated().map { index, headClass in
            let photos = confusion[index].reduce(0, +)
            return TrainingReport.ClassAccuracy(
                label: headClass.label, photos: photos, correct: confusion[index][index],
                accuracy: photos > 0 ? Double(confusion[index][index]) / Double(photos) : 0)
        }
        let correct = (0..<k).reduce(0) { $0 + confusion[$1][$1] }
        return TrainingReport.Evaluation(
            split: split, photos: count, top1: count > 0 ? Double(correct) / Double(count) : 0,
            top3: count > 0 ? Double(top3) / Double(count) : 0, perClass: perClass, confusion: confusion,
            venomousCalledHarmless: venomousCalledHarmless,
            topLosses: Array(losses.sorted { $0.loss > $1.loss }.prefix(topLosses)),
            predictions: predictions.sorted { $0.path < $1.path })
    }
}
