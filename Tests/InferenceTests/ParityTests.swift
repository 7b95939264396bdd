import Foundation
import TestSupport
import Testing

@testable import Inference

/// The whole pipeline, with the real model through real libtorch, against the PIL + PyTorch
/// reference in `../shared/reference/predictions.json`.
@Suite(
    "Parity with the PyTorch reference",
    .enabled(if: TestPaths.hasShared, "skipped: ../shared is absent"),
    .enabled(if: TestPaths.hasModel, "skipped: the default model is not exported (run make model)"))
struct ParityTests {
    struct Reference: Decodable {
        var top5: [[Double]]?
        var snakeProbability: Double?
        var error: String?
        enum CodingKeys: String, CodingKey {
            case top5, error
            case snakeProbability = "snake_probability"
        }
    }

    static func reference() throws -> [String: Reference] {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestPaths.shared + "/reference/predictions.json"))
        return try JSONDecoder().decode([String: Reference].self, from: data)
    }

    @Test("top-1 agrees on at least 44 of the 45 photos; snake probability within 0.05")
    func photos() async throws {
        try await Self.checkPhotos(ModelFixture.classifier.value)
    }

    @Test("calibrated verdicts: no snake photo is called not a snake, no other photo a snake")
    func verdicts() async throws {
        try await Self.checkVerdicts(ModelFixture.classifier.value)
    }

    @Test("every decodable format classifies like the reference; 16-bit gray like 8-bit gray")
    func formats() async throws {
        try await Self.checkFormats(ModelFixture.classifier.value)
    }

    @Test("every corrupt file is a clear error, not a crash")
    func corrupt() async throws {
        let classifier = try await ModelFixture.classifier.value
        for file in try Self.files("images/corrupt", count: 7) {
            do {
                _ = try await classifier.classify(file: file)
                Issue.record("\(file) classified without an error")
            } catch {
                #expect(error.source == file)
                #expect(!error.reason.isEmpty)
                #expect([.corruptImage, .imageTooLarge, .unsupportedFormat].contains(error.kind), "\(error)")
            }
        }
    }

    // The checks, shared with OpenVINOParityTests.

    /// The files of a `../shared` folder, required to be as many as `../shared/README.md` lists
    /// (a loop over an empty or half-copied folder would otherwise pass).
    static func files(_ folder: String, count: Int) throws -> [String] {
        let files = TestPaths.sharedFiles(folder)
        try #require(files.count == count, "\(folder) holds \(files.count) files, \(count) expected")
        return files
    }

    /// Top-1 on at least 44 of the 45 photos, snake probability within 0.05 of the reference.
    static func checkPhotos(_ classifier: Classifier) async throws {
        let reference = try Self.reference()
        let files = try Self.files("images/snakes", count: 17) + Self.files("images/other", count: 28)
        var agreements = 0
        for file in files {
            let key = "images/" + file.components(separatedBy: "/images/").last!
            let expected = try #require(reference[key], "no reference for \(key)")
            let prediction = try await classifier.classify(file: file)
            let expectedTop = Int(try #require(expected.top5?.first?[0]))
            if prediction.top[0].index == expectedTop { agreements += 1 }
            let difference = abs(prediction.snakeProbability - (expected.snakeProbability ?? -1))
            #expect(
                difference <= 0.05,
                "\(key): snake probability \(prediction.snakeProbability) vs \(expected.snakeProbability ?? -1)")
        }
        #expect(agreements >= 44, "top-1 agreed on \(agreements) of \(files.count)")
    }

    /// No snake photo is called not a snake, and no other photo a snake.
    static func checkVerdicts(_ classifier: Classifier) async throws {
        for file in try Self.files("images/snakes", count: 17) {
            let prediction = try await classifier.classify(file: file)
            #expect(prediction.verdict != .notSnake, "\(file): \(prediction.snakeProbability)")
        }
        for file in try Self.files("images/other", count: 28) {
            let prediction = try await classifier.classify(file: file)
            #expect(prediction.verdict == .notSnake, "\(file): \(prediction.snakeProbability)")
        }
    }

    /// Each decodable format within 0.05 of the reference; undecodable ones are errors.
    static func checkFormats(_ classifier: Classifier) async throws {
        let reference = try Self.reference()
        for file in try Self.files("images/formats", count: 12) {
            let name = (file as NSString).lastPathComponent
            let format = ImageFormat.sniff(ImageFile.header(file) ?? [])
            if format?.isDecodable != true {
                await #expect(throws: InferenceError.self) { try await classifier.classify(file: file) }
                continue
            }
            let prediction = try await classifier.classify(file: file)
            let key = name == "cobra_gray16.png" ? "images/formats/cobra_gray.png" : "images/formats/" + name
            let expected = try #require(reference[key]?.snakeProbability)
            #expect(
                abs(prediction.snakeProbability - expected) <= 0.05,
                "\(name): \(prediction.snakeProbability) vs \(expected)")
        }
    }
}
