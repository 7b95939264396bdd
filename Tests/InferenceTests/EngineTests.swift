import Foundation
import Testing

@testable import Inference

/// Choosing the engine, bundles with one or both model files, OpenVINO's settings and where its
/// runtime is looked for; none of it loads a model.
@Suite("Engines and bundles")
struct EngineTests {
    static func bundle(weights: String?, onnx: String?) -> ModelBundle {
        var metadata = ModelMetadata.fake()
        metadata.weights = weights
        metadata.onnx = onnx
        return ModelBundle(directory: "/models/b", metadata: metadata)
    }

    @Test("libtorch is the default; a bundle with only ONNX runs on OpenVINO; asking picks the engine")
    func resolve() throws {
        let both = Self.bundle(weights: "model.pt", onnx: "model.onnx")
        #expect(try Engine.resolve(nil, for: both) == (.torch, "/models/b/model.pt"))
        #expect(try Engine.resolve(.openvino, for: both) == (.openvino, "/models/b/model.onnx"))
        let onnxOnly = Self.bundle(weights: nil, onnx: "net.onnx")
        #expect(try Engine.resolve(nil, for: onnxOnly) == (.openvino, "/models/b/net.onnx"))
        let torchOnly = Self.bundle(weights: "model.pt", onnx: nil)
        #expect(try Engine.resolve(nil, for: torchOnly) == (.torch, "/models/b/model.pt"))
    }

    @Test("a bundle whose TorchScript file is missing but whose ONNX file is there runs on OpenVINO")
    func missingTorchScriptFallsBackToONNX() throws {
        let folder = FileManager.default.temporaryDirectory.path + "/snakeid-engine-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var metadata = ModelMetadata.fake()
        metadata.weights = "model.pt"
        metadata.onnx = "model.onnx"
        let bundle = ModelBundle(directory: folder, metadata: metadata)
        // Neither file: the default stays libtorch (its load then says the file is missing).
        #expect(try Engine.resolve(nil, for: bundle) == (.torch, folder + "/model.pt"))
        #expect(FileManager.default.createFile(atPath: folder + "/model.onnx", contents: Data()))
        #expect(try Engine.resolve(nil, for: bundle) == (.openvino, folder + "/model.onnx"))
        let error = try #require(throws: InferenceError.self) { try Engine.resolve(.torch, for: bundle) }
        #expect(error.kind == .model)
        #expect(error.reason.contains("--engine openvino"))
        #expect(FileManager.default.createFile(atPath: folder + "/model.pt", contents: Data()))
        #expect(try Engine.resolve(nil, for: bundle) == (.torch, folder + "/model.pt"))
    }

    @Test("asking for an engine the bundle has no file for is a model error naming the other engine")
    func missingFile() throws {
        let error = try #require(throws: InferenceError.self) {
            try Engine.resolve(.torch, for: Self.bundle(weights: nil, onnx: "model.onnx"))
        }
        #expect(error.kind == .model)
        #expect(error.reason.contains("--engine openvino"))
        let other = try #require(throws: InferenceError.self) {
            try Engine.resolve(.openvino, for: Self.bundle(weights: "model.pt", onnx: nil))
        }
        #expect(other.reason.contains("--engine torch"))
    }

    @Test("model.json may name model.pt, model.onnx or both, but not neither")
    func metadataFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snakeid-bundle-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func write(_ files: String) throws {
            let json = """
                {"name": "n", \(files) "input": {"width": 8, "height": 8, "resize_shorter_side": 8,
                 "mean": [0, 0, 0], "std": [1, 1, 1]}, "verdict": {"snake_at_least": 0.5, "not_snake_below": 0.2},
                 "snakes": [], "labels": ["a"]}
                """
            try Data(json.utf8).write(to: URL(fileURLWithPath: directory + "/model.json"))
        }
        try write(#""onnx": "model.onnx","#)
        let onnxOnly = try ModelBundle.load(from: directory)
        #expect(onnxOnly.weightsPath == nil)
        #expect(onnxOnly.onnxPath == directory + "/model.onnx")
        try write(#""weights": "model.pt", "onnx": "model.onnx","#)
        #expect(try ModelBundle.load(from: directory).weightsPath == directory + "/model.pt")
        try write("")
        let error = try #require(throws: InferenceError.self) { try ModelBundle.load(from: directory) }
        #expect(error.reason.contains("names no model file"))
    }

    @Test("OpenVINO settings: one stream per lane, float32, properties from the environment last")
    func settings() {
        let configuration = InferenceConfiguration(lanes: 2, threadsPerForward: 1)
        let settings = OpenVINOSettings(
            configuration: configuration, environment: ["SNAKEID_OPENVINO_PROPERTIES": "INFERENCE_PRECISION_HINT=bf16"],
            cores: 2)
        #expect(settings.streams == 2)
        #expect(settings.threads == 2)
        #expect(
            settings.properties
                == "INFERENCE_NUM_THREADS=2 NUM_STREAMS=2 INFERENCE_PRECISION_HINT=f32 ENABLE_CPU_PINNING=YES"
                + " INFERENCE_PRECISION_HINT=bf16")
        #expect(
            OpenVINOSettings(performanceHint: .throughput, precision: nil).properties == "PERFORMANCE_HINT=THROUGHPUT")
    }

    @Test("OpenVINO pins threads to cores only when they take every core the process may use")
    func pinning() {
        let environment: [String: String] = [:]
        let fewer = OpenVINOSettings(
            configuration: InferenceConfiguration(lanes: 1, threadsPerForward: 1), environment: environment, cores: 2)
        #expect(fewer.cpuPinning == false)
        #expect(fewer.properties.contains("ENABLE_CPU_PINNING=NO"))
        let all = OpenVINOSettings(
            configuration: InferenceConfiguration(lanes: 2, threadsPerForward: 2), environment: environment, cores: 4)
        #expect(all.cpuPinning == true)
        #expect(all.properties.contains("ENABLE_CPU_PINNING=YES"))
        #expect(OpenVINOSettings().cpuPinning == nil && !OpenVINOSettings().properties.contains("PINNING"))
    }

    @Test("the runtime: $SNAKEID_OPENVINO_LIBS alone when set; in a folder, the newest libopenvino_c.so.N")
    func runtimeLookup() throws {
        #expect(OpenVINORuntime.candidateDirectories(environment: ["SNAKEID_OPENVINO_LIBS": "/opt/ov"]) == ["/opt/ov"])
        let found = OpenVINORuntime.candidateDirectories(environment: [:])
        #expect(found.contains { $0.hasSuffix("/.cache/openvino/libs") })
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snakeid-ov-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(OpenVINORuntime.library(in: directory) == nil)
        for name in ["libopenvino.so.2641", "libopenvino_c.so.2541", "libopenvino_c.so.2641", "libopenvino_c.so.999"] {
            FileManager.default.createFile(atPath: directory + "/" + name, contents: Data())
        }
        #expect(OpenVINORuntime.library(in: directory) == directory + "/libopenvino_c.so.2641")
        #expect(OpenVINORuntime.library(in: directory + "/libopenvino_c.so.999") == directory + "/libopenvino_c.so.999")
    }
}
