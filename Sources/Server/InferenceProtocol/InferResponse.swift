import FoundationEssentials
import Hummingbird

/// An Open Inference Protocol inference response: named output tensors, each in the JSON or, as
/// the binary tensor data extension allows, as binary data after it (the response then carries
/// `Inference-Header-Content-Length`).
struct InferResponse {
    var modelName: String
    var modelVersion: String
    var id: String?
    var outputs: [Output]

    struct Output {
        var name: String
        var datatype: String
        var shape: [Int]
        var data: Elements
        var binary: Bool
    }

    enum Elements {
        case floats([Float])
        case strings([String])
    }

    /// The response: pure JSON when no output is binary.
    func response() -> Response {
        var binary: [UInt8] = []
        let wireOutputs = outputs.map { output -> WireOutput in
            guard output.binary else {
                return WireOutput(name: output.name, datatype: output.datatype, shape: output.shape, data: output.data)
            }
            let start = binary.count
            switch output.data {
            case .floats(let values):
                binary.reserveCapacity(binary.count + values.count * 4)
                for value in values { binary.append(littleEndian: value.bitPattern) }
            case .strings(let values):
                for value in values {
                    binary.append(littleEndian: UInt32(value.utf8.count))
                    binary += value.utf8
                }
            }
            return WireOutput(
                name: output.name, datatype: output.datatype, shape: output.shape, data: nil,
                binaryDataSize: binary.count - start)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let header = WireResponse(modelName: modelName, modelVersion: modelVersion, id: id, outputs: wireOutputs)
        guard let json = try? encoder.encode(header) else {
            return JSONResponse.make(APIErrorBody.encodingFailed, status: .internalServerError)
        }
        if binary.isEmpty { return JSONResponse.raw(json) }
        var body = ByteBuffer()
        body.writeBytes(json)
        body.writeBytes(binary)
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/octet-stream", InferRequest.headerLengthField: String(json.count),
            ],
            body: .init(byteBuffer: body))
    }
}

extension [UInt8] {
    fileprivate mutating func append(littleEndian value: UInt32) {
        append(UInt8(value & 0xFF))
        append(UInt8((value >> 8) & 0xFF))
        append(UInt8((value >> 16) & 0xFF))
        append(UInt8(value >> 24))
    }
}

private struct WireResponse: Encodable {
    var modelName: String
    var modelVersion: String
    var id: String?
    var outputs: [WireOutput]

    enum CodingKeys: String, CodingKey {
        case modelName = "model_name"
        case modelVersion = "model_version"
        case id, outputs
    }
}

private struct WireOutput: Encodable {
    var name: String
    var datatype: String
    var shape: [Int]
    var data: InferResponse.Elements?
    var binaryDataSize: Int?

    enum CodingKeys: String, CodingKey {
        case name, datatype, shape, data, parameters
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(datatype, forKey: .datatype)
        try container.encode(shape, forKey: .shape)
        switch data {
        case .floats(let values): try container.encode(values, forKey: .data)
        case .strings(let values): try container.encode(values, forKey: .data)
        case nil: break
        }
        if let binaryDataSize { try container.encode(["binary_data_size": binaryDataSize], forKey: .parameters) }
    }
}

/// The body of the one error this file can cause itself.
private struct APIErrorBody: Encodable {
    var error: [String: String]
    static let encodingFailed = APIErrorBody(error: [
        "code": "internal_error", "message": "could not encode the response",
    ])
}
