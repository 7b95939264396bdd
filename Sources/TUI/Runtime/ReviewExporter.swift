import Foundation
import Inference

/// Writes the review table as CSV and JSON with the core's `ReportFormat`, the same records
/// `snakeid classify --format csv|json` prints.
enum ReviewExporter {
    /// Writes `snakeid-review-<time>.csv` and `.json` into `directory` and returns their paths.
    static func export(_ items: [ExportItem], to directory: String, date: Date = Date()) throws -> (
        csv: String, json: String
    ) {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let base = directory + "/snakeid-review-" + formatter.string(from: date)
        let csv =
            ([ReportFormat.csvHeader] + items.map { ReportFormat.csvLine(source: $0.source, result: $0.result) })
            .joined(separator: "\n") + "\n"
        let objects = items.map { ReportFormat.jsonObject(source: $0.source, result: $0.result) }
        let json = objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
        try Data(csv.utf8).write(to: URL(fileURLWithPath: base + ".csv"))
        try Data(json.utf8).write(to: URL(fileURLWithPath: base + ".json"))
        return (base + ".csv", base + ".json")
    }

    /// The working folder when it is writable, else the temporary folder.
    static func defaultDirectory() -> String {
        let current = FileManager.default.currentDirectoryPath
        if access(current, W_OK) == 0 { return current }
        return NSTemporaryDirectory().hasSuffix("/")
            ? String(NSTemporaryDirectory().dropLast()) : NSTemporaryDirectory()
    }
}
