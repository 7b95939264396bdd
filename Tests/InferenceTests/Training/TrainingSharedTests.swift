import Foundation
import Logging
import TestSupport
import Testing

@testable import Inference

/// `snakeid train` on the real backbone: a small subset of `../shared/images/mozsnake` (a few
/// photos per class), the bundle classified on both engines, the cache, and the report checked
/// against a re-classification of the test split.
@Suite(
    "Training on mozsnake photos (real backbone)",
    .enabled(if: TestPaths.hasShared, "skipped: ../shared is absent"),
    .enabled(if: TestPaths.hasModel, "skipped: no model.pt (run make model)"))
struct TrainingSharedTests {
    static let mozsnake = TestPaths.shared + "/images/mozsnake"

    /// Copies the first `train` and `test` photos of each class (and the licence files).
    static func subset(into root: String, train: Int, test: Int) throws -> [String] {
        let manager = FileManager.default
        var classes: [String] = []
        for (split, count) in [("train", train), ("test", test)] {
            let names = try manager.contentsOfDirectory(atPath: mozsnake + "/" + split).sorted()
            for name in names {
                let photos = try manager.contentsOfDirectory(atPath: mozsnake + "/\(split)/\(name)").sorted()
                try #require(photos.count >= count)
                let target = root + "/photos/\(split)/\(name)"
                try manager.createDirectory(atPath: target, withIntermediateDirectories: true)
                for photo in photos.prefix(count) {
                    try manager.copyItem(atPath: mozsnake + "/\(split)/\(name)/\(photo)", toPath: target + "/" + photo)
                }
                if split == "train" { classes.append(name) }
            }
        }
        for file in ["LICENSE", "SOURCE.md"] {
            try manager.copyItem(atPath: mozsnake + "/" + file, toPath: root + "/photos/" + file)
        }
        return classes
    }

    @Test("trains in-process, classifies on both engines as the report says, and hits the cache on a rerun")
    func trainAndClassify() async throws {
        let folder = try TrainingFolder()
        defer { folder.remove() }
        let classes = try Self.subset(into: folder.root, train: 6, test: 3)
        try #require(classes.count == 4)
        folder.file(
            "photos/classes.csv",
            "folder,common_name,scientific_name,danger\n"
                + "puff_adder_Bitis_arietans,puff adder,Bitis arietans,dangerous\n"
                + "boomslang_Dispholidus_typus,boomslang,Dispholidus typus,dangerous\n")
        let backbone = try await ModelFixture.classifier.value
        let options = TrainingOptions(
            output: folder.root + "/bundle", cacheRoot: folder.root + "/cache", decays: [0.1, 0.01])
        let trainer = BundleTrainer(backbone: backbone)
        let report = try await trainer.train(folder.root + "/photos", options: options)
        #expect(report.photos == ["train": 20, "validation": 4, "test": 12])
        #expect(report.dangerDefaulted.sorted() == [classes[0], classes[2]].sorted())
        let evaluation = try #require(report.evaluation)
        #expect(evaluation.photos == 12)
        #expect(evaluation.top1 >= 0.5, "a head on 5 photos per class should beat chance (0.25) clearly")

        // The report's figures, again from classifying the test photos with the written bundle.
        let bundle = try ModelBundle.load(from: folder.root + "/bundle")
        let head = try #require(bundle.speciesHead)
        let torch = try await Classifier.load(bundle: bundle, logger: Logger(label: "test"))
        let answers = Dictionary(uniqueKeysWithValues: evaluation.predictions.map { ($0.path, $0) })
        var torchSpecies: [String: [SpeciesProbability]] = [:]
        var gated = 0
        for name in classes {
            let photos = ImageFinder.images(in: folder.root + "/photos/test/" + name)
            try #require(photos.count == 3)
            for photo in photos {
                let answer = try #require(answers[photo], "\(photo) is not in the report")
                #expect(answer.label == name)
                let prediction = try await torch.classify(file: photo)
                // The ImageNet gate may call a photo not a snake; then there is no species to compare.
                guard prediction.verdict != .notSnake else {
                    gated += 1
                    continue
                }
                let first = try #require(prediction.species.first)
                let predicted = try #require(head.classes.first { $0.commonName == first.label })
                #expect(predicted.label == answer.predicted, "\(photo): classify and the report disagree")
                #expect(abs(first.probability - answer.probability) < 1e-4)
                torchSpecies[photo] = prediction.species
            }
        }
        #expect(gated <= 2, "\(gated) of 12 test photos gated as not a snake")
        let right = evaluation.predictions.filter { $0.label == $0.predicted }.count
        #expect(Double(right) / 12 == evaluation.top1)

        if TestPaths.hasOpenVINO {
            let openVINO = try await Classifier.load(
                bundle: bundle, configuration: InferenceConfiguration(engine: .openvino), logger: Logger(label: "test"))
            for (photo, species) in torchSpecies {
                let prediction = try await openVINO.classify(file: photo)
                #expect(prediction.species.map(\.label) == species.map(\.label), "\(photo): another ranking")
                for (a, b) in zip(prediction.species, species) {
                    #expect(abs(a.probability - b.probability) < 1e-3, "\(photo): \(a.label) differs")
                }
            }
            openVINO.shutdown()
        }
        torch.shutdown()

        let again = try await trainer.train(
            folder.root + "/photos",
            options: TrainingOptions(
                output: folder.root + "/bundle", force: true, cacheRoot: folder.root + "/cache", decays: [0.1, 0.01]))
        #expect(again.timings.extracted == 0)
        #expect(again.timings.cached == report.timings.extracted)
        #expect(again.evaluation == report.evaluation)
    }
}
