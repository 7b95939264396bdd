import FoundationEssentials
import Inference

/// Prints batch results to stdout in the chosen format. In text format failures go to stderr;
/// in the machine formats they are records of their own. Each record is one write, so a
/// killed run leaves at most its last line cut short (see `ResumeLog`).
struct ReportPrinter {
    let format: ReportFormat
    private let output: FileStream
    private var count = 0

    /// A printer writing records to `output` (standard output unless `--resume` names a file).
    init(format: ReportFormat, output: FileStream = .standardOutput) {
        self.format = format
        self.output = output
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
        output.write(text)
    }

    private func writeError(_ text: String) {
        FileStream.standardError.write(text)
    }
}
