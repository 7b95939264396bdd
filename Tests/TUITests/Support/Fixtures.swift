import Inference

@testable import TUI

/// Values the reducer and view tests are built from.
enum Fixtures {
    static let folder = "/photos"

    static func image(_ name: String, in folder: String = folder, modified: Double = 100, size: Int64 = 2048)
        -> DirectoryEntry
    {
        DirectoryEntry(name: name, path: folder + "/" + name, kind: .image(.jpeg), modified: modified, size: size)
    }

    static func subfolder(_ name: String, in folder: String = folder) -> DirectoryEntry {
        DirectoryEntry(name: name, path: folder + "/" + name, kind: .folder, modified: 50)
    }

    static func listing(_ entries: [DirectoryEntry], path: String = folder) -> DirectoryListing {
        DirectoryListing(path: path, entries: entries)
    }

    /// A state showing `entries` in `/photos`, model loaded, 120x40.
    static func state(_ entries: [DirectoryEntry], columns: Int = 120, rows: Int = 40) -> AppState {
        var state = AppState(
            directory: folder, homeDirectory: "/home/me", modelName: "test-model", threads: 2, columns: columns,
            rows: rows)
        _ = Reducer.reduce(&state, event: .modelReady(name: "test-model", threads: 2), now: 0)
        _ = Reducer.reduce(&state, event: .directoryListed(listing(entries)), now: 0)
        return state
    }

    static let cobra = SpeciesProbability(
        label: "Indian cobra", scientificName: "Naja naja", danger: .dangerous, probability: 0.91)
    static let python = SpeciesProbability(
        label: "rock python", scientificName: "Python sebae", danger: .constrictor, probability: 0.05)
    static let garter = SpeciesProbability(
        label: "garter snake", scientificName: "Thamnophis sirtalis", danger: .harmless, probability: 0.04)

    static func prediction(
        source: String = "/photos/cobra.jpg", snake: Double = 0.95, verdict: Verdict = .snake,
        species: [SpeciesProbability] = [cobra, python, garter]
    ) -> Prediction {
        let top = species.enumerated().map {
            RankedLabel(index: 60 + $0.offset, label: $0.element.label, probability: $0.element.probability * snake)
        }
        // As the classifier builds it: species only when it may be a snake, risk from the
        // dangerous share (the default bundle's thresholds, 0.5 and 0.05) and, below those,
        // low only when the default recognition rule recognises the top species.
        let dangerous = snake * species.filter { $0.danger == .dangerous }.map(\.probability).reduce(0, +)
        let venomous = snake * species.filter(\.danger.isVenomous).map(\.probability).reduce(0, +)
        var prediction = Prediction(
            source: source, snakeProbability: snake, verdict: verdict, top: top,
            species: verdict == .notSnake ? [] : species, timings: PredictionTimings(), venomousProbability: venomous,
            dangerousProbability: dangerous)
        prediction.risk = ModelMetadata.defaultRisk.risk(
            dangerousProbability: dangerous, verdict: verdict,
            recognised: ModelMetadata.defaultRecognition.recognises(prediction))
        return prediction
    }
}
