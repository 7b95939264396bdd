import Foundation
import TestSupport
import Testing

@testable import Inference

/// `BundleTrainer` end to end on a fake backbone (colour means as features): splits, the head,
/// the written bundle, the cache and the report.
@Suite("Training a species head (fake backbone)")
struct TrainingTests {
    static let red: (UInt8, UInt8, UInt8) = (200, 20, 20)
    static let blue: (UInt8, UInt8, UInt8) = (20, 20, 200)
    /// Two decays keep the fits quick in a debug build.
    static let decays: [Float] = [0.1, 0.01]

    func options(_ folder: TrainingFolder, force: Bool = false) -> TrainingOptions {
        TrainingOptions(
            output: folder.root + "/bundle", force: force, cacheRoot: folder.root + "/cache", decays: Self.decays)
    }

    @Test("trains on a hold-out, writes a bundle whose head ranks the species, and reports the test split")
    func trainsAndClassifies() async throws {
        let folder = try TrainingFolder()
        defer { folder.remove() }
        try folder.photos("photos/red_racer", count: 8, colour: Self.red)
        try folder.photos("photos/blue_viper", count: 8, colour: Self.blue)
        folder.file(
            "photos/classes.csv",
            "folder,common_name,scientific_name,danger\nred_racer,red racer,Rubra rubra,harmless\n")
        let backbone = try FakeBackbone.classifier(in: folder.root + "/backbone")
        let report = try await BundleTrainer(backbone: backbone).train(
            folder.root + "/photos", options: options(folder))

        #expect(report.layout == .holdout)
        #expect(report.photos == ["train": 12, "validation": 2, "test": 2])
        #expect(report.dangerDefaulted == ["blue_viper"])
        let evaluation = try #require(report.evaluation)
        #expect(evaluation.split == .test)
        #expect(evaluation.photos == 2)
        #expect(evaluation.top1 == 1)
        #expect(evaluation.confusion == [[1, 0], [0, 1]])

        let bundle = try ModelBundle.load(from: folder.root + "/bundle")
        let head = try #require(bundle.speciesHead)
        #expect(head.classes.map(\.label) == ["blue_viper", "red_racer"])
        #expect(head.classes.map(\.danger) == [.dangerous, .harmless])
        #expect(head.classes[1].scientificName == "Rubra rubra")
        let trained = try FakeBackbone.classifier(bundle: folder.root + "/bundle")
        try folder.photos("new", count: 1, colour: Self.red)
        let prediction = try await trained.classify(file: folder.root + "/new/photo0.jpg")
        #expect(prediction.verdict == .snake)  // the backbone's gate: the fake says "adder"
        #expect(prediction.species.first?.label == "red racer")
        #expect((prediction.species.first?.probability ?? 0) > 0.5)
        #expect(prediction.species.map(\.label).sorted() == ["blue viper", "red racer"])
    }

    @Test("a rerun reads every feature from the cache; a new photo is the only one extracted")
    func cache() async throws {
        let folder = try TrainingFolder()
        defer { folder.remove() }
        try folder.photos("photos/train/red", count: 4, colour: Self.red)
        try folder.photos("photos/train/blue", count: 4, colour: Self.blue)
        // Other shades: the same bytes as a training photo would be read from the cache.
        try folder.photos("photos/test/red", count: 1, colour: (190, 30, 30), prefix: "test")
        try folder.photos("photos/test/blue", count: 1, colour: (30, 30, 190), prefix: "test")
        let trainer = BundleTrainer(backbone: try FakeBackbone.classifier(in: folder.root + "/backbone"))
        let first = try await trainer.train(folder.root + "/photos", options: options(folder))
        // Nested train/ without val/: 1 of each class's 4 held out; 3 train photos x 2 views.
        #expect(first.layout == .folders)
        #expect(first.photos == ["train": 6, "validation": 2, "test": 2])
        #expect(first.timings.extracted == 6 * 2 + 2 + 2)
        #expect(first.timings.cached == 0)

        let second = try await trainer.train(folder.root + "/photos", options: options(folder, force: true))
        #expect(second.timings.extracted == 0)
        #expect(second.timings.cached == first.timings.extracted)
        #expect(second.evaluation == first.evaluation)

        try folder.photos("photos/test/red", count: 1, colour: (180, 40, 10), prefix: "later")
        let third = try await trainer.train(folder.root + "/photos", options: options(folder, force: true))
        #expect(third.timings.extracted == 1)
        #expect(third.photos["test"] == 3)
    }

    @Test("unreadable photos are listed and skipped; exact duplicates across splits are reported")
    func unreadableAndDuplicates() async throws {
        let folder = try TrainingFolder()
        defer { folder.remove() }
        try folder.photos("photos/train/red", count: 4, colour: Self.red)
        try folder.photos("photos/train/blue", count: 4, colour: Self.blue)
        folder.file("photos/train/red/broken.jpg", "not a jpeg at all")
        try folder.photos("photos/test/blue", count: 2, colour: Self.blue)  // the same bytes as train's
        let trainer = BundleTrainer(backbone: try FakeBackbone.classifier(in: folder.root + "/backbone"))
        let report = try await trainer.train(folder.root + "/photos", options: options(folder))
        #expect(report.skipped.map(\.path) == [folder.root + "/photos/train/red/broken.jpg"])
        #expect(report.duplicates.count == 2)
        #expect(report.duplicates.allSatisfy { $0.splits.contains(.test) && $0.paths.count == 2 })
    }

    @Test("the same seed makes the same stratified hold-out; each class has validation and test photos")
    func seededHoldout() throws {
        let folder = try TrainingFolder()
        defer { folder.remove() }
        try folder.photos("a", count: 10, colour: Self.red)
        try folder.photos("b", count: 20, colour: Self.blue)
        let one = try TrainingSet.scan(folder.root, seed: 7)
        let two = try TrainingSet.scan(folder.root, seed: 7)
        let other = try TrainingSet.scan(folder.root, seed: 8)
        #expect(one.photos == two.photos)
        #expect(one.photos != other.photos)
        for label in 0..<2 {
            let photos = one.photos.filter { $0.label == label }
            #expect(photos.filter { $0.split == .validation }.count == (label == 0 ? 2 : 3))
            #expect(photos.filter { $0.split == .test }.count == (label == 0 ? 1 : 3))
        }
        #expect(one.warnings.isEmpty)
    }

    @Test("cancelling the task stops training with a cancelled error and writes nothing")
    func cancellation() async throws {
        let folder = try TrainingFolder()
        defer { folder.remove() }
        try folder.photos("photos/red", count: 30, colour: Self.red)
        try folder.photos("photos/blue", count: 30, colour: Self.blue)
        let trainer = BundleTrainer(backbone: try FakeBackbone.classifier(in: folder.root + "/backbone"))
        let options = options(folder)
        let task = Task { () throws(TrainingError) -> TrainingReport in
            try await trainer.train(folder.root + "/photos", options: options)
        }
        task.cancel()
        let error = try await #require(throws: TrainingError.self) { try await task.value }
        #expect(error.kind == .cancelled)
        #expect(!FileManager.default.fileExists(atPath: options.output))
    }
}
