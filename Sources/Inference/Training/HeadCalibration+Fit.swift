extension HeadCalibration {
    /// The default share of right first answers a recognised species must reach.
    public static let defaultTargetPrecision = 0.95

    /// The lowest top-species probability above which the head's first answers on `features`
    /// (photos it was not fitted on) are right at least `targetPrecision` of the time; 1 (never
    /// recognised) when no threshold reaches it.
    static func fit(head: SpeciesHead, features: LabelledFeatures, targetPrecision: Double) -> HeadCalibration {
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
            let isLastOfTie = index + 1 == answers.count || answers[index + 1].probability < answer.probability
            if isLastOfTie && Double(right) / Double(index + 1) >= targetPrecision { threshold = answer.probability }
        }
        return HeadCalibration(recognisedAtLeast: threshold, targetPrecision: targetPrecision)
    }
}
