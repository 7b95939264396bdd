import FoundationEssentials
import HTTPTypes
import Hummingbird

/// An Open Inference Protocol (KServe v2) inference request, with the binary tensor data
/// extension: the body is a JSON object, optionally followed by binary tensor data when the
/// `Inference-Header-Content-Length` header gives the JSON's length.
///
/// Each input's `data` is either in the JSON (a flat or nested array: numbers for FP32, strings
/// for BYTES, the BYTES strings base64, since a JSON string cannot hold an image's arbitrary
/// bytes) or, with `"parameters": {"binary_data_size": S}`, the next S bytes after the JSON:
/// FP32 as little-endian floats, BYTES as elements each led by a 4-byte little-endian length.
struct InferRequest {
    var id: String?
    var inputs: [Input]
    /// The outputs asked for, in order (nil: every output).
    var outputs: [RequestedOutput]?
    /// The request's `binary_data_output`: every output as binary data unless it says otherwise.
    var binaryDataOutput: Bool
    /// The request's `top`: how many labels per image (nil: the server's default).
    var top: Int?

    struct Input {
        var name: String
        var shape: [Int]
        var datatype: String
        var data: TensorData
    }

    struct RequestedOutput {
        var name: String
        var binaryData: Bool?
    }

    /// A tensor's elements.
    enum TensorData {
        case numbers([Float])
        case bytes([[UInt8]])

        var count: Int {
            switch self {
            case .numbers(let values): values.count
            case .bytes(let values): values.count
            }
        }
    }

    /// The header naming the JSON's length when binary data follows it.
    static let headerLengthField = HTTPField.Name("Inference-Header-Content-Length")!

    /// Parses `body`; `headerLength` is the `Inference-Header-Content-Length` value, if any.
    /// - Throws: ``APIError`` 400 `malformed_body` or `invalid_parameter` saying what is wrong.
    static func parse(_ body: [UInt8], headerLength: String?) throws(APIError) -> InferRequest {
        var jsonLength = body.count
        if let headerLength {
            guard let length = Int(headerLength), (0...body.count).contains(length) else {
                throw APIError.invalidParameter(
                    "Inference-Header-Content-Length", "must be a byte count within the body's \(body.count) bytes")
            }
            jsonLength = length
        }
        let wire: WireRequest
        do {
            wire = try JSONDecoder().decode(WireRequest.self, from: Data(body[0..<jsonLength]))
        } catch {
            throw APIError.malformedBody(
                #"expected an inference request such as {"inputs": [{"name": "image", "datatype": "BYTES", "#
                    + #""shape": [1], "data": ["<base64 JPEG or PNG>"]}]}"#)
        }
        var binary = body[jsonLength...]
        var inputs: [Input] = []
        for (position, input) in wire.inputs.enumerated() {
            let label = "inputs[\(position)]"
            guard input.shape.allSatisfy({ $0 >= 0 }), input.shape.count <= 8 else {
                throw APIError.invalidParameter("\(label).shape", "must be a list of at most 8 sizes, none negative")
            }
            let elements = input.shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
            guard elements <= body.count else {
                throw APIError.invalidParameter("\(label).shape", "has more elements than the body has bytes")
            }
            let data: TensorData
            if let size = input.parameters?["binary_data_size"] {
                guard let size = size.integer, size >= 0, size <= binary.count else {
                    throw APIError.invalidParameter(
                        "\(label).parameters.binary_data_size", "must be a byte count within the binary data")
                }
                guard input.data == nil else {
                    throw APIError.invalidParameter(label, "has both `data` and `binary_data_size`")
                }
                data = try Self.binary(Array(binary.prefix(size)), datatype: input.datatype, label: label)
                binary = binary.dropFirst(size)
            } else if let json = input.data {
                data = try Self.json(json, datatype: input.datatype, label: label)
            } else {
                throw APIError.invalidParameter(label, "has neither `data` nor `binary_data_size`")
            }
            guard data.count == elements else {
                throw APIError.invalidParameter(
                    "\(label).data", "has \(data.count) elements; shape \(input.shape) needs \(elements)")
            }
            inputs.append(Input(name: input.name, shape: input.shape, datatype: input.datatype, data: data))
        }
        guard binary.isEmpty else {
            throw APIError.malformedBody("\(binary.count) bytes of binary data follow the JSON that no input claims")
        }
        var binaryDataOutput = false
        if let value = wire.parameters?["binary_data_output"] {
            guard case .bool(let flag) = value else {
                throw APIError.invalidParameter("parameters.binary_data_output", "must be true or false")
            }
            binaryDataOutput = flag
        }
        var top: Int?
        if let value = wire.parameters?["top"] {
            guard let number = value.integer else {
                throw APIError.invalidParameter("parameters.top", "must be an integer")
            }
            top = number
        }
        let outputs = try wire.outputs.map { outputs throws(APIError) in
            try outputs.enumerated().map { position, output throws(APIError) in
                var binaryData: Bool?
                if let value = output.parameters?["binary_data"] {
                    guard case .bool(let flag) = value else {
                        throw APIError.invalidParameter(
                            "outputs[\(position)].parameters.binary_data", "must be true or false")
                    }
                    binaryData = flag
                }
                return RequestedOutput(name: output.name, binaryData: binaryData)
            }
        }
        return InferRequest(
            id: wire.id, inputs: inputs, outputs: outputs, binaryDataOutput: binaryDataOutput, top: top)
    }

    /// JSON `data`: numbers for FP32, base64 strings for BYTES, flat or nested.
    private static func json(_ value: JSONValue, datatype: String, label: String) throws(APIError) -> TensorData {
        var leaves: [JSONValue] = []
        flatten(value, into: &leaves)
        switch datatype {
        case "FP32":
            var numbers: [Float] = []
            numbers.reserveCapacity(leaves.count)
            for leaf in leaves {
                guard case .number(let number) = leaf, number.isFinite else {
                    throw APIError.invalidParameter("\(label).data", "must hold only finite numbers for FP32")
                }
                numbers.append(Float(number))
            }
            return .numbers(numbers)
        case "BYTES":
            var elements: [[UInt8]] = []
            for (index, leaf) in leaves.enumerated() {
                guard case .string(let text) = leaf, let decoded = Data(base64Encoded: text) else {
                    throw APIError.invalidParameter(
                        "\(label).data[\(index)]", "must be a base64 string (the encoded image) for BYTES in JSON")
                }
                elements.append(Array(decoded))
            }
            return .bytes(elements)
        default:
            throw unsupportedDatatype(datatype, label: label)
        }
    }

    private static func flatten(_ value: JSONValue, into leaves: inout [JSONValue]) {
        if case .array(let items) = value {
            for item in items { flatten(item, into: &leaves) }
        } else {
            leaves.append(value)
        }
    }

    /// Binary data: little-endian floats for FP32, length-prefixed elements for BYTES.
    private static func binary(_ bytes: [UInt8], datatype: String, label: String) throws(APIError) -> TensorData {
        switch datatype {
        case "FP32":
            guard bytes.count % 4 == 0 else {
                throw APIError.invalidParameter(
                    "\(label).parameters.binary_data_size", "must be a multiple of 4 for FP32")
            }
            var numbers = [Float](repeating: 0, count: bytes.count / 4)
            for index in numbers.indices {
                let bits = UInt32(littleEndianBytes: bytes[(index * 4)..<(index * 4 + 4)])
                numbers[index] = Float(bitPattern: bits)
                guard numbers[index].isFinite else {
                    throw APIError.invalidParameter("\(label)", "FP32 element \(index) is not a finite number")
                }
            }
            return .numbers(numbers)
        case "BYTES":
            var elements: [[UInt8]] = []
            var offset = 0
            while offset < bytes.count {
                guard offset + 4 <= bytes.count else {
                    throw APIError.invalidParameter("\(label)", "BYTES element \(elements.count) has a cut length")
                }
                let length = Int(UInt32(littleEndianBytes: bytes[offset..<(offset + 4)]))
                offset += 4
                guard length <= bytes.count - offset else {
                    throw APIError.invalidParameter(
                        "\(label)", "BYTES element \(elements.count) claims \(length) bytes; the data ends first")
                }
                elements.append(Array(bytes[offset..<(offset + length)]))
                offset += length
            }
            return .bytes(elements)
        default:
            throw unsupportedDatatype(datatype, label: label)
        }
    }

    private static func unsupportedDatatype(_ datatype: String, label: String) -> APIError {
        APIError.invalidParameter(
            "\(label).datatype", "is \(datatype); SnakeID takes BYTES (encoded images) or FP32 (preprocessed pixels)")
    }
}

extension UInt32 {
    /// The value of 4 little-endian bytes.
    fileprivate init(littleEndianBytes bytes: ArraySlice<UInt8>) {
        let start = bytes.startIndex
        self =
            UInt32(bytes[start]) | UInt32(bytes[start + 1]) << 8 | UInt32(bytes[start + 2]) << 16
            | UInt32(bytes[start + 3]) << 24
    }
}

/// The request as JSON carries it.
private struct WireRequest: Decodable {
    var id: String?
    var parameters: [String: JSONValue]?
    var inputs: [WireInput]
    var outputs: [WireOutput]?

    enum CodingKeys: String, CodingKey {
        case id, parameters, inputs, outputs
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeUnlessAbsent(String.self, forKey: .id)
        parameters = try container.decodeUnlessAbsent([String: JSONValue].self, forKey: .parameters)
        inputs = try container.decode([WireInput].self, forKey: .inputs)
        outputs = try container.decodeUnlessAbsent([WireOutput].self, forKey: .outputs)
    }
}

private struct WireInput: Decodable {
    var name: String
    var shape: [Int]
    var datatype: String
    var parameters: [String: JSONValue]?
    /// An array (flat or nested); a lone value is refused, as the documented schema says.
    var data: JSONValue?

    enum CodingKeys: String, CodingKey {
        case name, shape, datatype, parameters, data
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        shape = try container.decode([Int].self, forKey: .shape)
        datatype = try container.decode(String.self, forKey: .datatype)
        parameters = try container.decodeUnlessAbsent([String: JSONValue].self, forKey: .parameters)
        data = try container.decodeUnlessAbsent([JSONValue].self, forKey: .data).map(JSONValue.array)
    }
}

private struct WireOutput: Decodable {
    var name: String
    var parameters: [String: JSONValue]?

    enum CodingKeys: String, CodingKey {
        case name, parameters
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        parameters = try container.decodeUnlessAbsent([String: JSONValue].self, forKey: .parameters)
    }
}
