import FoundationEssentials
import Inference

/// The text form of a `TrainingReport`, as `snakeid train` prints it.
enum TrainingReportText {
    static func render(_ report: TrainingReport) -> String {
        var lines: [String] = []
        let counts = TrainingSplit.allCases.map { "\(report.photos[$0.rawValue] ?? 0) \($0.rawValue)" }
        lines.append(
            "wrote \(report.bundle): \(report.classes.count) classes, \(counts.joined(separator: ", ")) photos")
        lines.append(
            "splits: "
                + (report.layout == .folders ? "from the train/val/test folders" : "a seeded, stratified hold-out"))
        for warning in report.warnings { lines.append("warning: \(warning)") }
        if !report.dangerDefaulted.isEmpty {
            lines.append(
                "warning: no danger given for \(report.dangerDefaulted.joined(separator: ", ")): treated as dangerous "
                    + "(add them to \(ClassesFile.fileName))")
        }
        if !report.skipped.isEmpty {
            lines.append("skipped \(report.skipped.count) unreadable photos:")
            for photo in report.skipped { lines.append("  \(photo.path): \(photo.reason)") }
        }
        for duplicate in report.duplicates {
            lines.append(
                "duplicate across \(duplicate.splits.map(\.rawValue).joined(separator: "/")): "
                    + duplicate.paths.joined(separator: " = "))
        }
        lines.append(String(cFormat: "weight decay %g (chosen on validation)", Double(report.decay)))
        lines.append(
            String(
                cFormat: "species recognised from a top species share of %.3f (%.0f%% right on validation); "
                    + "below it, risk is never low", report.recognition.recognisedAtLeast,
                report.recognitionTargetPrecision * 100))
        if let evaluation = report.evaluation {
            lines.append(
                "\(evaluation.split.rawValue): "
                    + String(
                        cFormat: "%d photos, top-1 %.3f, top-3 %.3f, venomous called harmless: %d",
                        evaluation.photos, evaluation.top1, evaluation.top3, evaluation.venomousCalledHarmless))
            let width = max(report.classes.map(\.label.count).max() ?? 0, 5)
            for entry in evaluation.perClass {
                lines.append(
                    "  " + entry.label + String(repeating: " ", count: max(width - entry.label.count, 0))
                        + String(cFormat: "  %3d/%-3d  %.3f", entry.correct, entry.photos, entry.accuracy))
            }
            lines.append("confusion (rows: true class, columns: predicted, in the order above):")
            for row in evaluation.confusion {
                lines.append("  " + row.map { String(cFormat: "%4d", $0) }.joined())
            }
            if !evaluation.topLosses.isEmpty {
                lines.append("top losses:")
                for loss in evaluation.topLosses {
                    lines.append(
                        String(cFormat: "  %.3f  ", loss.probability)
                            + "\(loss.path) (\(loss.label), called \(loss.predicted))")
                }
            }
        }
        let timings = report.timings
        lines.append(
            String(
                cFormat: "features %.2f s (%d extracted, %d from the cache), fit %.2f s", timings.featuresSeconds,
                timings.extracted, timings.cached, timings.fitSeconds))
        return lines.joined(separator: "\n") + "\n"
    }
}
