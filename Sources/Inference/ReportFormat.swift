import FoundationEssentials

/// Machine-readable renderings of batch results, shared by the CLI and the UI's export.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, jsonl, csv

    /// One item as a JSON object: the prediction, or `{"source": …, "error": …}`.
    public static func jsonObject(source: String, result: Result<Prediction, InferenceError>) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data: Data?
        switch result {
        case .success(let prediction):
            data = try? encoder.encode(prediction)
        case .failure(let error):
            data = try? encoder.encode(FailureRecord(source: source, error: error.reason, errorKind: error.kind))
        }
        return data.flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    /// The CSV header line. The first ten columns are as before; the risk columns were added
    /// at the end so that positional readers keep working. `risk` is a ``Risk`` raw value:
    /// `dangerous`, `possible`, `unknown` (species not recognised: treat as venomous) or `low`.
    public static let csvHeader =
        "source,verdict,snake_probability,top_species,scientific_name,danger,species_probability,top_label,top_probability,error,"
        + "venomous_probability,dangerous_probability,risk"

    /// One item as a CSV line (RFC 4180 quoting).
    public static func csvLine(source: String, result: Result<Prediction, InferenceError>) -> String {
        var fields: [String]
        switch result {
        case .success(let prediction):
            let species = prediction.species.first
            let top = prediction.top.first
            fields = [
                source, prediction.verdict.rawValue, decimal(prediction.snakeProbability),
                species?.label ?? "", species?.scientificName ?? "", species?.danger.rawValue ?? "",
                species.map { decimal($0.probability) } ?? "", top?.label ?? "",
                top.map { decimal($0.probability) } ?? "", "",
                decimal(prediction.venomousProbability), decimal(prediction.dangerousProbability),
                prediction.risk.rawValue,
            ]
        case .failure(let error):
            fields = [source, "", "", "", "", "", "", "", "", error.reason, "", "", ""]
        }
        return fields.map(csvField).joined(separator: ",")
    }

    static func decimal(_ value: Double) -> String {
        String(cFormat: "%.5f", value)
    }

    static func csvField(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }
}

private struct FailureRecord: Encodable {
    var source: String
    var error: String
    var errorKind: InferenceError.Kind

    enum CodingKeys: String, CodingKey {
        case source, error
        case errorKind = "error_kind"
    }
}
