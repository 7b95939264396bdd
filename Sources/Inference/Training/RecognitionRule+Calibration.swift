extension RecognitionRule {
    /// The recognition rule of a trained head, calibrated on photos it was not fitted on: its
    /// top species' share (``Signal/topSpeciesShare``) must reach the lowest threshold above
    /// which the head's first answers on `features` are right at least `targetPrecision` of the
    /// time. With no such threshold (or no photos), 1: only a certain answer is recognised.
    static func calibrated(head: SpeciesHead, features: LabelledFeatures, targetPrecision: Double) -> RecognitionRule {
        let d = features.featureCount
        let answers = features.labels.enumerated().map { sample, label in
            let probabilities = head.probabilities(features.rows[(sample * d)..<((sample + 1) * d)])
            let best = probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0
            return (probability: probabilities[best], right: best == label)
        }.sorted { $0.probability > $1.probability }
        var threshold = 1.0
        var right = 0
        for (index, answer) in answers.enumerated() {
            if answer.right { right += 1 }
            let lastOfTie = index + 1 == answers.count || answers[index + 1].probability < answer.probability
            if lastOfTie && Double(right) / Double(index + 1) >= targetPrecision { threshold = answer.probability }
        }
        return RecognitionRule(signal: .topSpeciesShare, recognisedAtLeast: threshold)
    }
}
