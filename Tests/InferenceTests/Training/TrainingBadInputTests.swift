import Foundation
import TestSupport
import Testing

@testable import Inference

/// Bad input to `snakeid train`: a typed error naming the file or folder and the reason, and
/// nothing written (or a warning, where training can go on).
@Suite("Training: bad input")
struct TrainingBadInputTests {
    static let red: (UInt8, UInt8, UInt8) = (200, 20, 20)
    static let blue: (UInt8, UInt8, UInt8) = (20, 20, 200)

    func train(_ folder: TrainingFolder, output: String? = nil, force: Bool = false) async throws(TrainingError)
        -> TrainingReport
    {
        let backbone: Classifier
        do {
            backbone = try FakeBackbone.classifier(in: folder.root + "/backbone")
        } catch {
            throw TrainingError(.model, path: folder.root, reason: "cannot make the fake backbone: \(error)")
        }
        let options = TrainingOptions(
            output: output ?? folder.root + "/bundle", force: force, cacheRoot: nil, decays: [0.1])
        return try await BundleTrainer(backbone: backbone).train(folder.root + "/photos", options: options)
    }

    @Test("no class folders, and one class only, are refused")
    func noneOrOneClass() async throws {
        let folder = try TrainingFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(
            atPath: folder.root + "/photos/empty", withIntermediateDirectories: true)
        let none = try await #require(throws: TrainingError.self) { try await train(folder) }
        #expect(none.kind == .noPhotos)
        #expect(none.path == folder.root + "/photos")
        try folder.photos("photos/red", count: 3, colour: Self.red)
        let one = try await #require(throws: TrainingError.self) { try await train(folder) }
        #expect(one.kind == .singleClass)
        #expect(one.reason.contains("red"))
        #expect(!FileManager.default.fileExists(atPath: folder.root + "/bundle"))
    }

    @Test("an empty class folder and a class with few photos are warnings; a missing danger is reported")
    func warnings() async throws {
        let folder = try TrainingFolder()
        defer { folder.remove() }
        try folder.photos("photos/red", count: 4, colour: Self.red)
        try folder.photos("photos/blue", count: 12, colour: Self.blue)
        try FileManager.default.createDirectory(
            atPath: folder.root + "/photos/empty", withIntermediateDirectories: true)
        let report = try await train(folder)
        #expect(report.classes.map(\.label) == ["blue", "red"])
        #expect(report.warnings.contains { $0.contains("photos/empty") && $0.contains("empty class folder") })
        #expect(report.warnings.contains { $0.hasPrefix("red: only 4 photos") })
        #expect(!report.warnings.contains { $0.hasPrefix("blue") })
        #expect(report.dangerDefaulted == ["blue", "red"])
    }

    @Test("a class whose photos are all unreadable is too few to train on")
    func tooFewReadable() async throws {
        let folder = try TrainingFolder()
        defer { folder.remove() }
        try folder.photos("photos/blue", count: 4, colour: Self.blue)
        folder.file("photos/red/a.jpg", "broken")
        folder.file("photos/red/b.jpg", "broken too")
        folder.file("photos/red/c.jpg", "and this")
        let error = try await #require(throws: TrainingError.self) { try await train(folder) }
        #expect(error.kind == .tooFewPhotos)
        #expect(error.path == folder.root + "/photos/red")
        #expect(!FileManager.default.fileExists(atPath: folder.root + "/bundle"))
    }

    @Test("a malformed classes file names its line")
    func classesFile() async throws {
        let folder = try TrainingFolder()
        defer { folder.remove() }
        try folder.photos("photos/red", count: 3, colour: Self.red)
        try folder.photos("photos/blue", count: 3, colour: Self.blue)
        folder.file("photos/classes.csv", "folder,common_name,scientific_name,danger\n# a comment\nred,,,deadly\n")
        let error = try await #require(throws: TrainingError.self) { try await train(folder) }
        #expect(error.kind == .invalidClassesFile)
        #expect(error.path == folder.root + "/photos/classes.csv")
        #expect(error.reason.hasPrefix("line 3: unknown danger \"deadly\""))
        folder.file("photos/classes.csv", "name,danger\n")
        let header = try await #require(throws: TrainingError.self) { try await train(folder) }
        #expect(header.reason.hasPrefix("line 1: the first line must be"))
    }

    @Test("an existing bundle is refused unless forced, and then replaced whole")
    func existingOutput() async throws {
        let folder = try TrainingFolder()
        defer { folder.remove() }
        try folder.photos("photos/red", count: 3, colour: Self.red)
        try folder.photos("photos/blue", count: 3, colour: Self.blue)
        folder.file("bundle/keep.txt", "the user's file")
        let error = try await #require(throws: TrainingError.self) { try await train(folder) }
        #expect(error.kind == .outputExists)
        #expect(error.path == folder.root + "/bundle")
        #expect(FileManager.default.fileExists(atPath: folder.root + "/bundle/keep.txt"))
        _ = try await train(folder, force: true)
        #expect(!FileManager.default.fileExists(atPath: folder.root + "/bundle/keep.txt"))
        #expect(try ModelBundle.load(from: folder.root + "/bundle").speciesHead != nil)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.root).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "temporary folders left: \(leftovers)")
    }

    @Test("an output whose folder does not exist or is a file is refused before any work")
    func notWritable() async throws {
        let folder = try TrainingFolder()
        defer { folder.remove() }
        try folder.photos("photos/red", count: 3, colour: Self.red)
        try folder.photos("photos/blue", count: 3, colour: Self.blue)
        let missing = folder.root + "/no/such/folder/bundle"
        let error = try await #require(throws: TrainingError.self) { try await train(folder, output: missing) }
        #expect(error.kind == .notWritable)
        #expect(error.path == missing)
        folder.file("a-file", "x")
        let underFile = try await #require(throws: TrainingError.self) {
            try await train(folder, output: folder.root + "/a-file/bundle")
        }
        #expect(underFile.kind == .notWritable)
    }

    @Test("a backbone without the pooled-features output is a model error")
    func noFeatures() async throws {
        let folder = try TrainingFolder()
        defer { folder.remove() }
        try folder.photos("photos/red", count: 3, colour: Self.red)
        try folder.photos("photos/blue", count: 3, colour: Self.blue)
        let options = TrainingOptions(output: folder.root + "/bundle", cacheRoot: nil)
        let error = try await #require(throws: TrainingError.self) {
            try await BundleTrainer(backbone: FakeClassifier.make()).train(folder.root + "/photos", options: options)
        }
        #expect(error.kind == .model)
        #expect(error.reason.contains("pooled-features"))
    }
}
