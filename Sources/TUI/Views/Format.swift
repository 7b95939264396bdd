import FoundationEssentials
import Inference

/// Number and label formatting shared by the views.
enum Format {
    /// "97.3%".
    static func percent(_ value: Double) -> String {
        String(cFormat: "%.1f%%", value * 100)
    }

    /// "512 B", "25 KB", "3.4 MB".
    static func bytes(_ count: Int64) -> String {
        if count < 1024 { return "\(count) B" }
        if count < 1024 * 1024 { return "\(count / 1024) KB" }
        return String(cFormat: "%.1f MB", Double(count) / 1_048_576)
    }

    /// A bar of `width` cells, filled in proportion to `fraction`.
    static func bar(_ fraction: Double, width: Int, glyphs: Glyphs) -> (filled: String, empty: String) {
        guard width > 0 else { return ("", "") }
        let filled = min(max(Int((fraction * Double(width)).rounded()), 0), width)
        return (
            String(repeating: glyphs.barFull, count: filled), String(repeating: glyphs.barEmpty, count: width - filled)
        )
    }

    /// The style of a verdict.
    static func style(of verdict: Verdict) -> Style {
        switch verdict {
        case .snake: .snake
        case .unsure: .unsure
        case .notSnake: .notSnake
        }
    }

    /// The short danger marker: "⚠ VENOMOUS" for dangerous species, "⚠ mildly venomous", or
    /// plain words for the others.
    static func dangerMarker(_ danger: Danger, glyphs: Glyphs) -> Span {
        switch danger {
        case .dangerous: Span("\(glyphs.danger) VENOMOUS", .danger)
        case .mildlyVenomous: Span("\(glyphs.danger) mildly venomous", .warning)
        case .constrictor: Span("constrictor", .dim)
        case .harmless: Span("harmless", .dim)
        }
    }

    /// The review table's risk cell: "⚠ danger", "⚠ maybe", "⚠ unknown" (species not
    /// recognised: treat as venomous), "low", or "-" for not a snake.
    static func riskTag(_ prediction: Prediction, glyphs: Glyphs) -> Span {
        guard prediction.verdict != .notSnake else { return Span("-", .dim) }
        switch prediction.risk {
        case .dangerous: return Span("\(glyphs.danger) danger", .danger)
        case .possible: return Span("\(glyphs.danger) maybe", .danger)
        case .unknown: return Span("\(glyphs.danger) unknown", .danger)
        case .low: return Span("low", .dim)
        }
    }

    /// "1 image", "2 images".
    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    /// What went wrong, in the user's words: "download failed", "corrupt image".
    static func failureTitle(_ kind: InferenceError.Kind) -> String {
        switch kind {
        case .upstream: "download failed"
        case .unresolvableHost: "unknown host"
        case .forbiddenAddress: "address refused"
        case .downloadTooLarge: "download too large"
        case .invalidURL: "not a usable URL"
        case .timeout: "timed out"
        case .model: "model error"
        case .overloaded: "model busy"
        default: kind.rawValue.replacing("_", with: " ")
        }
    }

    /// A path with the home folder shown as `~`.
    static func abbreviated(_ path: String, home: String) -> String {
        guard !home.isEmpty, home != "/" else { return path }
        if path == home { return "~" }
        return path.hasPrefix(home + "/") ? "~" + path.dropFirst(home.count) : path
    }
}
