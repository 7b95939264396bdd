import Foundation
import TestSupport
import Testing

@testable import Inference

/// Risk from the whole species ranking, on scores chosen here (expected values worked out by
/// hand from the softmax, not with the code under test).
@Suite struct RiskTests {
    /// The fake model: 0 rock, 1 grass snake (harmless), 2 adder (dangerous), 3 stick; risk
    /// thresholds 0.5 and 0.05 (the defaults).
    let builder = PredictionBuilder(metadata: .fake())

    /// Logits whose softmax is exactly `probabilities` (log of each).
    func prediction(_ probabilities: [Double]) -> Prediction {
        builder.prediction(
            scores: probabilities.map { Float(log($0)) }, source: "x", topK: 4, timings: PredictionTimings())
    }

    @Test func aHarmlessTopSpeciesWithADangerousRunnerUpIsPossible() {
        // Snake 0.9: grass snake 0.8 (first), adder 0.1 → dangerous 0.1 of the image.
        let p = prediction([0.05, 0.8, 0.1, 0.05])
        #expect(p.verdict == .snake)
        #expect(p.species.first?.label == "grass snake")
        #expect(abs(p.dangerousProbability - 0.1) < 1e-6)
        #expect(abs(p.venomousProbability - 0.1) < 1e-6)
        #expect(p.risk == .possible)
        #expect(p.riskWarning?.level == .dangerous)
        #expect(p.riskWarning?.text == "A dangerous species cannot be ruled out (adder: 10%).")
    }

    @Test func aLikelyDangerousSpeciesIsDangerous() {
        let p = prediction([0.1, 0.2, 0.6, 0.1])
        #expect(p.risk == .dangerous)
        #expect(p.riskWarning?.text == "Likely a dangerous venomous snake (adder: 60%). Keep well away.")
    }

    @Test func littleDangerousMassIsLow() {
        let p = prediction([0.1, 0.86, 0.04, 0.0])
        #expect(p.risk == .low)
        #expect(p.riskWarning == nil)
    }

    /// Not a snake: no species, low risk, whatever the split of the little snake mass.
    @Test func notASnakeHasNoSpeciesAndLowRisk() {
        let p = prediction([0.9, 0.001, 0.099, 0.0])
        #expect(p.verdict == .notSnake)
        #expect(p.species.isEmpty)
        #expect(p.risk == .low)
        #expect(p.riskWarning == nil)
        #expect(abs(p.dangerousProbability - 0.099) < 1e-6)  // still reported
    }

    @Test func csvAndJSONCarryTheRiskAndLeaveNotSnakeSpeciesEmpty() throws {
        let snake = prediction([0.05, 0.8, 0.1, 0.05])
        let csv = ReportFormat.csvLine(source: "a.jpg", result: .success(snake)).split(
            separator: ",", omittingEmptySubsequences: false)
        let header = ReportFormat.csvHeader.split(separator: ",")
        #expect(csv.count == header.count)
        let row = Dictionary(uniqueKeysWithValues: zip(header.map(String.init), csv.map(String.init)))
        #expect(row["risk"] == "possible")
        #expect(row["dangerous_probability"] == "0.10000")
        #expect(row["top_species"] == "grass snake")

        let notSnake = prediction([0.9, 0.001, 0.099, 0.0])
        let cells = ReportFormat.csvLine(source: "b.jpg", result: .success(notSnake)).split(
            separator: ",", omittingEmptySubsequences: false)
        let notSnakeRow = Dictionary(uniqueKeysWithValues: zip(header.map(String.init), cells.map(String.init)))
        #expect(notSnakeRow["top_species"] == "" && notSnakeRow["danger"] == "" && notSnakeRow["scientific_name"] == "")
        #expect(notSnakeRow["risk"] == "low")

        let json = try #require(
            JSONSerialization.jsonObject(
                with: Data(ReportFormat.jsonObject(source: "b.jpg", result: .success(notSnake)).utf8)) as? [String: Any]
        )
        #expect((json["species"] as? [Any])?.isEmpty == true)
        #expect(json["risk"] as? String == "low")
        #expect(json["venomous_probability"] is Double && json["dangerous_probability"] is Double)
    }
}

/// The calibrated risk on the shared photos, with the real model: the README's figures.
@Suite(
    "Risk on the shared photos",
    .enabled(if: TestPaths.hasShared, "skipped: ../shared is absent"),
    .enabled(if: TestPaths.hasModel, "skipped: the default model is not exported (run make model)"))
struct SharedPhotoRiskTests {
    /// The shared photos of dangerous species (ImageNet classes 62–68 minus the constrictors).
    static let dangerousSpecies = [
        "Indian_cobra", "green_mamba", "sea_snake", "horned_viper", "diamondback", "sidewinder",
    ]

    @Test func everyDangerousSpeciesPhotoIsDangerousOrPossible() async throws {
        let classifier = try await ModelFixture.classifier.value
        let files = TestPaths.sharedFiles("images/snakes").filter { file in
            Self.dangerousSpecies.contains { file.hasSuffix("_\($0).JPEG") }
        }
        try #require(files.count == Self.dangerousSpecies.count, "\(files)")
        for file in files {
            let prediction = try await classifier.classify(file: file)
            #expect(prediction.risk != .low, "\(file): dangerous probability \(prediction.dangerousProbability)")
            #expect(prediction.riskWarning?.level == .dangerous, "\(file)")
        }
    }

    @Test func theHornedViperIsNotLow() async throws {
        let classifier = try await ModelFixture.classifier.value
        let prediction = try await classifier.classify(
            file: TestPaths.shared + "/images/snakes/n01753488_horned_viper.JPEG")
        #expect(prediction.risk == .possible)
        #expect(prediction.riskWarning?.text.contains("horned viper") == true)
    }

    @Test func mostHarmlessSpeciesPhotosStayLow() async throws {
        let classifier = try await ModelFixture.classifier.value
        let files = TestPaths.sharedFiles("images/snakes").filter { file in
            !Self.dangerousSpecies.contains { file.hasSuffix("_\($0).JPEG") }
        }
        try #require(files.count == 11)
        var raised: [String] = []
        for file in files where try await classifier.classify(file: file).risk != .low {
            raised.append(file)
        }
        // Calibration (README): the hognose and green snake photos are raised, the model putting
        // 10% and 80% of them on dangerous look-alikes.
        #expect(raised.count <= 2, "\(raised)")
    }

    @Test func everyNotSnakeHasNoSpeciesAndLowRisk() async throws {
        let classifier = try await ModelFixture.classifier.value
        let files = TestPaths.sharedFiles("images/other")
        try #require(!files.isEmpty)
        for file in files {
            let prediction = try await classifier.classify(file: file)
            #expect(prediction.verdict == .notSnake)
            #expect(prediction.species.isEmpty, "\(file)")
            #expect(prediction.risk == .low)
        }
    }
}

/// glibc accepts the allocator settings the executable applies at start.
@Suite struct AllocatorTuningTests {
    @Test func glibcAcceptsBothThresholds() {
        #expect(AllocatorTuning.apply(environment: [:]))
        #expect(!AllocatorTuning.apply(environment: ["SNAKEID_MALLOC": "default"]))
    }
}
