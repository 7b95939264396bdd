import Inference

/// The named outputs of an inference, per image of the batch (N):
/// - `probabilities` FP32 `[N, L]`: every class's probability, in the bundle's label order;
/// - `labels` BYTES `[N, K]`: the K most probable labels, best first (K: the request's
///   `parameters.top`, default the server's `--top`);
/// - `snake_probability`, `venomous_probability`, `dangerous_probability` FP32 `[N]`;
/// - `verdict` BYTES `[N]`: `snake`, `unsure` or `not_snake`;
/// - `risk` BYTES `[N]`: as `/v1/classify`'s `risk`.
struct InferenceProtocolOutputs: Sendable {
    let name: String
    let datatype: String
    /// Per image: the probabilities (L), the labels (K), or one value.
    private let width: Width
    private let values: @Sendable (Prediction, _ labels: Int, _ top: Int) -> InferResponse.Elements

    private enum Width {
        case one, labels, top
    }

    static let all: [InferenceProtocolOutputs] = [
        InferenceProtocolOutputs(name: "probabilities", datatype: "FP32", width: .labels) { prediction, labels, _ in
            var probabilities = [Float](repeating: 0, count: labels)
            for ranked in prediction.top where probabilities.indices.contains(ranked.index) {
                probabilities[ranked.index] = Float(ranked.probability)
            }
            return .floats(probabilities)
        },
        InferenceProtocolOutputs(name: "labels", datatype: "BYTES", width: .top) { prediction, _, top in
            .strings(prediction.top.prefix(top).map(\.label))
        },
        InferenceProtocolOutputs(name: "snake_probability", datatype: "FP32", width: .one) { prediction, _, _ in
            .floats([Float(prediction.snakeProbability)])
        },
        InferenceProtocolOutputs(name: "venomous_probability", datatype: "FP32", width: .one) { prediction, _, _ in
            .floats([Float(prediction.venomousProbability)])
        },
        InferenceProtocolOutputs(name: "dangerous_probability", datatype: "FP32", width: .one) { prediction, _, _ in
            .floats([Float(prediction.dangerousProbability)])
        },
        InferenceProtocolOutputs(name: "verdict", datatype: "BYTES", width: .one) { prediction, _, _ in
            .strings([prediction.verdict.rawValue])
        },
        InferenceProtocolOutputs(name: "risk", datatype: "BYTES", width: .one) { prediction, _, _ in
            .strings([prediction.risk.rawValue])
        },
    ]

    /// The shape in the model's metadata (-1: the batch, and K which the request chooses).
    func shape(labels: Int) -> [Int] {
        switch width {
        case .one: [-1]
        case .labels: [-1, labels]
        case .top: [-1, -1]
        }
    }

    /// The shape of this output for a batch.
    func shape(batch: Int, labels: Int, top: Int) -> [Int] {
        switch width {
        case .one: [batch]
        case .labels: [batch, labels]
        case .top: [batch, top]
        }
    }

    /// The elements for the whole batch, row after row.
    func elements(_ predictions: [Prediction], labels: Int, top: Int) -> InferResponse.Elements {
        var floats: [Float] = []
        var strings: [String] = []
        for prediction in predictions {
            switch values(prediction, labels, top) {
            case .floats(let row): floats += row
            case .strings(let row): strings += row
            }
        }
        return datatype == "FP32" ? .floats(floats) : .strings(strings)
    }

    /// The outputs `request` asks for (every one when it names none), each with whether it goes
    /// as binary data: its own `binary_data`, else the request's `binary_data_output`.
    /// - Throws: ``APIError`` 400 for an output name SnakeID does not have, or one named twice.
    static func selected(by request: InferRequest) throws(APIError) -> [(InferenceProtocolOutputs, Bool)] {
        guard let requested = request.outputs else { return all.map { ($0, request.binaryDataOutput) } }
        var chosen: [(InferenceProtocolOutputs, Bool)] = []
        for (position, output) in requested.enumerated() {
            guard let known = all.first(where: { $0.name == output.name }) else {
                throw APIError.invalidParameter(
                    "outputs[\(position)].name",
                    "is `\(output.name)`; the outputs are \(all.map(\.name).joined(separator: ", "))")
            }
            guard !chosen.contains(where: { $0.0.name == known.name }) else {
                throw APIError.invalidParameter("outputs[\(position)].name", "names `\(known.name)` twice")
            }
            chosen.append((known, output.binaryData ?? request.binaryDataOutput))
        }
        return chosen
    }
}
