import FoundationEssentials
import Inference

/// The human-readable rendering of one prediction.
enum TextReport {
    static func render(_ prediction: Prediction) -> String {
        var lines: [String] = []
        let percent = { (value: Double) in String(cFormat: "%5.1f%%", value * 100) }
        lines.append("\(prediction.source)")
        var verdict = "  \(prediction.verdict.headline)  snake probability \(percent(prediction.snakeProbability))"
        if prediction.verdict != .notSnake { verdict += "  risk \(prediction.risk.rawValue)" }
        lines.append(verdict)
        // The warning reads the whole ranking (risk), not the first species.
        if let warning = prediction.riskWarning {
            lines.append("  \(warning.isDanger ? "⚠" : "!") \(warning.text)")
        }
        if !prediction.species.isEmpty {
            lines.append(prediction.verdict == .unsure ? "  species, if it is a snake:" : "  species:")
            for species in prediction.species.prefix(3) {
                lines.append(
                    "    \(percent(species.probability))  \(species.label) (\(species.scientificName)) \(species.danger.description)"
                )
            }
        }
        let top = prediction.top.map { "\($0.label) \(percent($0.probability).trimmingWhitespace())" }
        lines.append("  top: " + top.joined(separator: ", "))
        return lines.joined(separator: "\n") + "\n"
    }
}
