import Foundation
import Inference

/// Prints batch results to stdout in the chosen format. In text format failures go to stderr;
/// in the machine formats they are records of their own.
struct ReportPrinter {
    let format: ReportFormat
    private var count = 0

    init(format: ReportFormat) {
        self.format = format
    }

    mutating func print(source: String, result: Result<Prediction, InferenceError>) {
        switch format {
        case .text:
            switch result {
            case .success(let prediction): write(TextReport.render(prediction))
            case .failure(let error): writeError("error: \(error.with(source: source))\n")
            }
        case .jsonl:
            write(ReportFormat.jsonObject(source: source, result: result) + "\n")
        case .json:
            write((count == 0 ? "[\n" : ",\n") + ReportFormat.jsonObject(source: source, result: result))
        case .csv:
            if count == 0 { write(ReportFormat.csvHeader + "\n") }
            write(ReportFormat.csvLine(source: source, result: result) + "\n")
        }
        count += 1
    }

    func finish(summary: String) {
        switch format {
        case .text:
            write("\(summary)\n\(Prediction.safetyReminder)\n")
        case .json:
            write(count == 0 ? "[]\n" : "\n]\n")
        case .csv where count == 0:
            write(ReportFormat.csvHeader + "\n")
        default:
            break
        }
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    private func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
