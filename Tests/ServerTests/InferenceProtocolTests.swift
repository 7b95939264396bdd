import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import Server

/// The Open Inference Protocol (KServe v2) routes over the fake 4-class model (8x8 input):
/// metadata, both inputs, JSON and binary tensors, batches, the errors, keys and draining.
/// (scripts/kserve-client.sh drives the real client, tritonclient, against the real model.)
struct InferenceProtocolTests {
    private static let model = "fake"
    private static let inferPath = "/v2/models/\(model)/infer"

    private static func json(_ object: Any) throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object))
    }

    private static func imageInput(_ images: [[UInt8]], shape: [Int]? = nil) -> [String: Any] {
        [
            "name": "image", "datatype": "BYTES", "shape": shape ?? [images.count],
            "data": images.map { Data($0).base64EncodedString() },
        ]
    }

    /// The protocol's error body `{"error": "CODE: message"}`: the code.
    private static func errorCode(_ response: TestResponse) -> String? {
        ((try? response.jsonObject)?["error"] as? String)?.split(separator: ":").first.map(String.init)
    }

    /// The outputs of a JSON response by name.
    private static func outputs(_ response: TestResponse) throws -> [String: [String: Any]] {
        let outputs = try #require(try response.jsonObject["outputs"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: outputs.map { (($0["name"] as? String) ?? "", $0) })
    }

    @Test func healthAndMetadataDescribeTheModel() async throws {
        try await withFakeRouter { client in
            for path in ["/v2/health/live", "/v2/health/ready", "/v2/models/\(Self.model)/ready"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .ok, "\(path)")
            }
            let server = try await client.execute(uri: "/v2", method: .get)
            #expect(try server.jsonObject["extensions"] as? [String] == ["binary_tensor_data"])
            let metadata = try await client.execute(uri: "/v2/models/\(Self.model)", method: .get)
            let object = try metadata.jsonObject
            #expect(object["name"] as? String == Self.model)
            let inputs = try #require(object["inputs"] as? [[String: Any]])
            #expect(inputs.map { $0["name"] as? String } == ["image", "pixels"])
            #expect(inputs.map { $0["datatype"] as? String } == ["BYTES", "FP32"])
            #expect(inputs[1]["shape"] as? [Int] == [-1, 3, 8, 8])
            let outputs = try #require(object["outputs"] as? [[String: Any]])
            #expect(
                outputs.map { $0["name"] as? String } == [
                    "probabilities", "labels", "snake_probability", "venomous_probability", "dangerous_probability",
                    "verdict", "risk",
                ])
            #expect(outputs[0]["shape"] as? [Int] == [-1, 4])
            let unknown = try await client.execute(uri: "/v2/models/nope", method: .get)
            #expect(unknown.status == .notFound)
            #expect(Self.errorCode(unknown) == "unknown_model")
        }
    }

    @Test func aBatchOfBase64ImagesAnswersEveryOutputPerImage() async throws {
        try await withFakeRouter { client in
            let body = try Self.json([
                "id": "r-1", "parameters": ["top": 2], "inputs": [Self.imageInput([FakeModels.png, FakeModels.png])],
            ])
            let response = try await client.execute(uri: Self.inferPath, method: .post, body: body)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            #expect(try response.jsonObject["id"] as? String == "r-1")
            #expect(try response.jsonObject["model_name"] as? String == Self.model)
            let outputs = try Self.outputs(response)
            let probabilities = try #require(outputs["probabilities"])
            #expect(probabilities["shape"] as? [Int] == [2, 4])
            let values = try #require(probabilities["data"] as? [Double])
            #expect(values.count == 8)
            #expect(abs(values[0..<4].reduce(0, +) - 1) < 1e-3)
            #expect(values[2] > 0.9, "the fake model says adder (class 2)")
            #expect(outputs["labels"]?["shape"] as? [Int] == [2, 2])
            #expect((outputs["labels"]?["data"] as? [String])?.first == "adder")
            #expect(outputs["verdict"]?["data"] as? [String] == ["snake", "snake"])
            #expect(outputs["verdict"]?["datatype"] as? String == "BYTES")
            #expect((outputs["risk"]?["data"] as? [String])?.count == 2)
            #expect((outputs["snake_probability"]?["data"] as? [Double])?.allSatisfy { $0 > 0.9 } == true)
        }
    }

    @Test func binaryTensorsGoBothWays() async throws {
        try await withFakeRouter { client in
            // Two images as one BYTES tensor: each element led by its 4-byte little-endian length.
            var binary: [UInt8] = []
            for image in [FakeModels.png, FakeModels.png] {
                let length = UInt32(image.count)
                binary += [
                    UInt8(length & 0xFF), UInt8((length >> 8) & 0xFF), UInt8((length >> 16) & 0xFF),
                    UInt8(length >> 24),
                ]
                binary += image
            }
            let header = try JSONSerialization.data(withJSONObject: [
                "inputs": [
                    [
                        "name": "image", "datatype": "BYTES", "shape": [2],
                        "parameters": ["binary_data_size": binary.count],
                    ]
                ],
                "outputs": [
                    ["name": "snake_probability", "parameters": ["binary_data": true]],
                    ["name": "verdict", "parameters": ["binary_data": false]],
                ],
            ])
            let response = try await client.execute(
                uri: Self.inferPath, method: .post,
                headers: [InferRequest.headerLengthField: String(header.count)],
                body: ByteBuffer(bytes: Array(header) + binary))
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let length = try #require(response.headers[InferRequest.headerLengthField].flatMap(Int.init))
            let bytes = Array(response.body.readableBytesView)
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(bytes[0..<length])) as? [String: Any])
            let outputs = try #require(json["outputs"] as? [[String: Any]])
            #expect(outputs.map { $0["name"] as? String } == ["snake_probability", "verdict"])
            #expect(outputs[1]["data"] as? [String] == ["snake", "snake"])
            let size = try #require((outputs[0]["parameters"] as? [String: Any])?["binary_data_size"] as? Int)
            #expect(size == 8)
            #expect(bytes.count == length + size)
            let first = Float(
                bitPattern: UInt32(bytes[length]) | UInt32(bytes[length + 1]) << 8 | UInt32(bytes[length + 2]) << 16
                    | UInt32(bytes[length + 3]) << 24)
            #expect(first > 0.9)
        }
    }

    @Test func preprocessedPixelsAreClassifiedAsSent() async throws {
        try await withFakeRouter { client in
            let pixels = [Double](repeating: 0.5, count: 2 * 3 * 8 * 8)
            let body = try Self.json([
                "inputs": [["name": "pixels", "datatype": "FP32", "shape": [2, 3, 8, 8], "data": pixels]],
                "outputs": [["name": "verdict"]],
            ])
            let response = try await client.execute(uri: Self.inferPath, method: .post, body: body)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let outputs = try Self.outputs(response)
            #expect(outputs.keys.sorted() == ["verdict"])
            #expect(outputs["verdict"]?["data"] as? [String] == ["snake", "snake"])
        }
    }

    @Test func badRequestsAre4xxSayingWhy() async throws {
        var configuration = ServerConfiguration(port: 0)
        configuration.maxImagesPerRequest = 2
        let png = FakeModels.png
        let cases: [(String, Any, HTTPResponse.Status, String)] = [
            ("not JSON", "{", .badRequest, "malformed_body"),
            ("no inputs", ["inputs": [[String: Any]]()], .badRequest, "invalid_parameter"),
            (
                "wrong pixel shape",
                [
                    "inputs": [
                        [
                            "name": "pixels", "datatype": "FP32", "shape": [1, 3, 4, 4],
                            "data": [Double](repeating: 0, count: 48),
                        ]
                    ]
                ], .badRequest, "invalid_parameter"
            ),
            (
                "count and shape disagree", ["inputs": [Self.imageInput([png], shape: [2])]], .badRequest,
                "invalid_parameter"
            ),
            (
                "not base64", ["inputs": [["name": "image", "datatype": "BYTES", "shape": [1], "data": ["%%%"]]]],
                .badRequest, "invalid_parameter"
            ),
            (
                "data not an array",
                ["inputs": [["name": "image", "datatype": "BYTES", "shape": [1], "data": "abcd"]]], .badRequest,
                "malformed_body"
            ),
            (
                "unknown input", ["inputs": [["name": "x", "datatype": "BYTES", "shape": [1], "data": ["AA=="]]]],
                .badRequest, "invalid_parameter"
            ),
            (
                "datatype mismatch", ["inputs": [["name": "image", "datatype": "FP32", "shape": [1], "data": [1.0]]]],
                .badRequest, "invalid_parameter"
            ),
            (
                "other datatype", ["inputs": [["name": "image", "datatype": "INT8", "shape": [1], "data": [1]]]],
                .badRequest, "invalid_parameter"
            ),
            (
                "unknown output", ["inputs": [Self.imageInput([png])], "outputs": [["name": "nope"]]], .badRequest,
                "invalid_parameter"
            ),
            ("too many images", ["inputs": [Self.imageInput([png, png, png])]], .badRequest, "too_many_images"),
            (
                "not an image", ["inputs": [Self.imageInput([Array("plain text".utf8)])]], .unsupportedMediaType,
                "unsupported_format"
            ),
            (
                "top out of range", ["parameters": ["top": 9], "inputs": [Self.imageInput([png])]], .badRequest,
                "invalid_parameter"
            ),
        ]
        let requests = try cases.map { name, body, status, code in
            (name, try (body as? String).map { ByteBuffer(string: $0) } ?? Self.json(body), status, code)
        }
        try await withFakeRouter(configuration) { client in
            for (name, buffer, status, code) in requests {
                let response = try await client.execute(uri: Self.inferPath, method: .post, body: buffer)
                #expect(response.status == status, "\(name): \(String(buffer: response.body))")
                #expect(Self.errorCode(response) == code, "\(name): \(String(buffer: response.body))")
            }
            let header = Array(#"{"inputs": [{"name": "image", "datatype": "BYTES", "shape": [1]}]}"#.utf8)
            for (name, length, extra) in [
                ("header length past the body", header.count + 10, [UInt8]()),
                ("binary data no input claims", header.count, [1, 2, 3]),
                ("input with no data", header.count, []),
            ] {
                let response = try await client.execute(
                    uri: Self.inferPath, method: .post, headers: [InferRequest.headerLengthField: String(length)],
                    body: ByteBuffer(bytes: header + extra))
                #expect(response.status == .badRequest, "\(name): \(String(buffer: response.body))")
            }
            let unknownModel = try await client.execute(
                uri: "/v2/models/nope/infer", method: .post, body: try Self.json(["inputs": [Self.imageInput([png])]]))
            #expect(unknownModel.status == .notFound)
        }
    }

    @Test func keysGuardInferenceButNotTheProbes() async throws {
        var configuration = ServerConfiguration(port: 0)
        configuration.apiKeys = try APIKeySet(keys: ["k-0123456789abcdef"])
        try await withFakeRouter(configuration) { client in
            #expect(try await client.execute(uri: "/v2/health/live", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/v2/health/ready", method: .get).status == .ok)
            let body = try Self.json(["inputs": [Self.imageInput([FakeModels.png])]])
            let refused = try await client.execute(uri: Self.inferPath, method: .post, body: body)
            #expect(refused.status == .unauthorized)
            let allowed = try await client.execute(
                uri: Self.inferPath, method: .post, headers: [.authorization: "Bearer k-0123456789abcdef"], body: body)
            #expect(allowed.status == .ok)
            let metadata = try await client.execute(uri: "/v2/models/\(Self.model)", method: .get)
            #expect(metadata.status == .unauthorized)
        }
    }

    @Test func drainingIsNotReadyAndClosesConnectionsYetServes() async throws {
        let server = FakeModels.server(["fake"])
        try await FakeModels.withRouter(server) { client in
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            server.beginDraining()
            for path in ["/readyz", "/v2/health/ready", "/v2/models/fake/ready"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .serviceUnavailable, "\(path)")
                #expect(response.headers[.connection] == "close", "\(path)")
            }
            let body = try Self.json(["inputs": [Self.imageInput([FakeModels.png])]])
            let served = try await client.execute(uri: Self.inferPath, method: .post, body: body)
            #expect(served.status == .ok)
            #expect(served.headers[.connection] == "close")
        }
    }
}
