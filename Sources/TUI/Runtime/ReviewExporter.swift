import FoundationEssentials
import Inference

/// Writes the review table as CSV and JSON with the core's `ReportFormat`, the same records
/// `snakeid classify --format csv|json` prints. Never overwrites: a name already taken gets a
/// number (`review-2.csv`).
enum ReviewExporter {
    /// Why an export failed, with the path it was going to.
    struct ExportError: Error, CustomStringConvertible {
        var path: String
        var reason: String

        var description: String { "\(path): \(reason)" }
    }

    /// Writes `<base>.csv` and `<base>.json` (or `<base>-2.csv` and `<base>-2.json`, and so on,
    /// when either is taken), creating the folder if needed, and returns their paths. A `base`
    /// naming a folder writes `snakeid-review.*` inside it.
    static func export(_ items: [ExportItem], toBase base: String) throws(ExportError) -> (csv: String, json: String) {
        var base = base
        if base.hasSuffix("/") || ImageFinder.isDirectory(base) {
            base = (base.hasSuffix("/") ? base : base + "/") + "snakeid-review"
        }
        let folder = PathName.parent(of: base)
        do {
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
        } catch {
            throw ExportError(path: folder, reason: "cannot create the folder (\(reason(error)))")
        }
        let csv =
            ([ReportFormat.csvHeader] + items.map { ReportFormat.csvLine(source: $0.source, result: $0.result) })
            .joined(separator: "\n") + "\n"
        let objects = items.map { ReportFormat.jsonObject(source: $0.source, result: $0.result) }
        let json = objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
        for number in 1...999 {
            let name = number == 1 ? base : "\(base)-\(number)"
            let paths = (csv: name + ".csv", json: name + ".json")
            if FileManager.default.fileExists(atPath: paths.csv) || FileManager.default.fileExists(atPath: paths.json) {
                continue
            }
            try write(csv, to: paths.csv)
            try write(json, to: paths.json)
            return paths
        }
        throw ExportError(path: base + ".csv", reason: "999 exports by that name exist already")
    }

    /// Where exports go unless the user says otherwise: `$XDG_DATA_HOME/snakeid` (by default
    /// `~/.local/share/snakeid`), not the photo folder the UI may have been started in.
    static func defaultBase(environment: [String: String], home: String) -> String {
        DataFolder.path(environment: environment, home: home) + "/snakeid-review"
    }

    private static func write(_ text: String, to path: String) throws(ExportError) {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        } catch {
            throw ExportError(path: path, reason: reason(error))
        }
    }

    private static func reason(_ error: any Error) -> String {
        describeFailure(error)
    }
}
