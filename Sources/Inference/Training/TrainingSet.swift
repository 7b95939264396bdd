import FoundationEssentials

/// Which part of a training set a photo belongs to.
public enum TrainingSplit: String, Sendable, Codable, CaseIterable {
    /// Fits the head.
    case train
    /// Chooses the weight decay and calibrates the thresholds.
    case validation
    /// Measured once, in the report.
    case test
}

/// The labelled photos of a training folder: one folder per class (its name is the label),
/// either directly in the folder or under `train/`, `val/` (or `valid/`) and `test/`.
///
/// Without nested splits, each class is split by a seeded shuffle (stratified): 70% train, 15%
/// validation, 15% test (at least one validation and one test photo from three photos up). With
/// `train/` but no `val/`, 20% of each class's training photos are held out for validation.
public struct TrainingSet: Sendable {
    /// A labelled photo.
    public struct Photo: Sendable, Hashable {
        public var path: String
        /// The index in `classes`.
        public var label: Int
        public var split: TrainingSplit
    }

    /// How the splits were made.
    public enum Layout: String, Sendable, Codable {
        /// `train/`, `val/` and `test/` folders.
        case folders
        /// A seeded, stratified hold-out.
        case holdout
    }

    public var directory: String
    public var classes: [HeadClass]
    public var photos: [Photo]
    public var layout: Layout
    /// Labels of the classes whose danger the classes file did not give (treated as dangerous).
    public var dangerDefaulted: [String]
    /// Things the user should know that do not stop training (few photos, empty folders).
    public var warnings: [String]

    /// Below this many photos a class gets a warning.
    public static let fewPhotos = 10

    /// The photos of `split`.
    public func photos(in split: TrainingSplit) -> [Photo] { photos.filter { $0.split == split } }

    /// Reads the folder's classes and photos.
    /// - Throws: `TrainingError` `.noPhotos` (no class folders), `.singleClass`,
    ///   `.invalidClassesFile`.
    public static func scan(_ directory: String, seed: UInt64 = 42) throws(TrainingError) -> TrainingSet {
        guard ImageFinder.isDirectory(directory) else {
            throw TrainingError(.noPhotos, path: directory, reason: "not a folder")
        }
        let classesFile = try ClassesFile.load(in: directory)
        let trainFolder = directory + "/train"
        let nested = ImageFinder.isDirectory(trainFolder)
        var warnings: [String] = []
        var byClass: [String: [(String, TrainingSplit?)]] = [:]
        if nested {
            let validation = ["val", "valid", "validation"].map { directory + "/" + $0 }.first(
                where: ImageFinder.isDirectory)
            for (folder, split) in [
                (trainFolder, TrainingSplit.train), (validation, .validation), (directory + "/test", .test),
            ] {
                guard let folder, ImageFinder.isDirectory(folder) else { continue }
                for (label, paths) in classFolders(in: folder, warnings: &warnings) {
                    byClass[label, default: []] += paths.map { ($0, split) }
                }
            }
        } else {
            for (label, paths) in classFolders(in: directory, warnings: &warnings) {
                byClass[label] = paths.map { ($0, nil) }
            }
        }
        let labels = byClass.keys.sorted()
        guard !labels.isEmpty else {
            throw TrainingError(
                .noPhotos, path: nested ? trainFolder : directory,
                reason: "no class folders with photos (want one folder of photos per class)")
        }
        guard labels.count >= 2 else {
            throw TrainingError(
                .singleClass, path: directory,
                reason: "only one class (\(labels[0])): a head needs at least two classes to tell apart")
        }
        var generator = SplitMix64(seed: seed)
        var photos: [Photo] = []
        var classes: [HeadClass] = []
        var dangerDefaulted: [String] = []
        for (index, label) in labels.enumerated() {
            let (headClass, defaulted) = classesFile.headClass(for: label)
            classes.append(headClass)
            if defaulted { dangerDefaulted.append(label) }
            let entries = byClass[label] ?? []
            let hasValidation = entries.contains { $0.1 == .validation }
            let trainPaths = entries.filter { $0.1 == nil || $0.1 == .train }.map(\.0)
            if entries.filter({ $0.1 != .test }).count < fewPhotos {
                warnings.append("\(label): only \(entries.count) photos (fewer than \(fewPhotos) give a weak head)")
            }
            if !nested || !hasValidation {
                var shuffled = trainPaths
                generator.shuffle(&shuffled)
                let validationCount = !nested ? holdoutCount(shuffled.count, 0.15) : holdoutCount(shuffled.count, 0.2)
                let testCount = !nested ? holdoutCount(shuffled.count - validationCount, 0.15 / 0.85) : 0
                for (position, path) in shuffled.enumerated() {
                    let split: TrainingSplit =
                        position < validationCount
                        ? .validation : position < validationCount + testCount ? .test : .train
                    photos.append(Photo(path: path, label: index, split: split))
                }
                photos += entries.filter { $0.1 == .test }.map { Photo(path: $0.0, label: index, split: .test) }
            } else {
                photos += entries.map { Photo(path: $0.0, label: index, split: $0.1 ?? .train) }
            }
        }
        for name in classesFile.entries.keys.sorted() where !labels.contains(name) {
            warnings.append("\(ClassesFile.fileName): \(name) has no folder of photos")
        }
        photos.sort { ($0.split.rawValue, $0.path) < ($1.split.rawValue, $1.path) }
        return TrainingSet(
            directory: directory, classes: classes, photos: photos, layout: nested ? .folders : .holdout,
            dangerDefaulted: dangerDefaulted, warnings: warnings)
    }

    /// How many of `count` photos to hold out: `fraction` rounded, at least one from three
    /// photos up, never all but... one must stay for training.
    private static func holdoutCount(_ count: Int, _ fraction: Double) -> Int {
        guard count >= 2 else { return 0 }
        return min(max(Int((Double(count) * fraction).rounded()), count >= 3 ? 1 : 0), count - 1)
    }

    /// The class folders in `folder` and their photos; empty ones become warnings.
    private static func classFolders(in folder: String, warnings: inout [String]) -> [(String, [String])] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var result: [(String, [String])] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = folder + "/" + name
            guard ImageFinder.isDirectory(path) else { continue }
            let photos = ImageFinder.images(in: path)
            if photos.isEmpty {
                warnings.append("\(path): an empty class folder, skipped")
            } else {
                result.append((name, photos))
            }
        }
        return result
    }
}

/// A small seeded random number generator (SplitMix64), so that a hold-out is the same on
/// every run and every platform.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A Fisher–Yates shuffle driven by this generator only (the standard library's `shuffle`
    /// may change its algorithm between releases).
    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for index in stride(from: items.count - 1, to: 0, by: -1) {
            let other = Int(next() % UInt64(index + 1))
            items.swapAt(index, other)
        }
    }
}
