import FoundationEssentials

/// How `BundleTrainer` trains and where it writes.
public struct TrainingOptions: Sendable {
    /// The bundle folder to write.
    public var output: String
    /// Replace an existing bundle at `output`.
    public var force: Bool
    /// The feature cache's root folder (nil: no cache).
    public var cacheRoot: String?
    public var augmentation: Augmentation
    /// The seed of the hold-out split.
    public var seed: UInt64
    /// The weight decays tried on the validation split.
    public var decays: [Float]
    /// Strongest first (each fit starts from the previous one's solution); on standardised
    /// features, for the class-weighted mean cross-entropy.
    public static let defaultDecays: [Float] = [1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001, 0.0003]
    /// How often the head's first species must be right, on the validation split, at the
    /// recognition threshold (`model.json` → `recognition`).
    public var targetPrecision: Double
    public static let defaultTargetPrecision = 0.95
    /// The bundle's name (default: the output folder's name).
    public var name: String?

    public init(
        output: String, force: Bool = false, cacheRoot: String? = FeatureCache.defaultRoot,
        augmentation: Augmentation = .flip, seed: UInt64 = 42, decays: [Float] = TrainingOptions.defaultDecays,
        targetPrecision: Double = TrainingOptions.defaultTargetPrecision, name: String? = nil
    ) {
        self.output = output
        self.force = force
        self.cacheRoot = cacheRoot
        self.augmentation = augmentation
        self.seed = seed
        self.decays = decays
        self.targetPrecision = targetPrecision
        self.name = name
    }
}

/// Where training is, for a progress bar.
public enum TrainingProgress: Sendable, Equatable {
    /// Photos whose features are ready, of `total`.
    case features(done: Int, total: Int)
    /// Fits done (one per weight decay, then the final one), of `total`.
    case fitting(done: Int, total: Int)
    /// Writing the bundle.
    case writing
}

/// Fits a species head on a folder of labelled photos and writes a bundle that classifies with
/// it (`snakeid train`).
///
/// ```swift
/// let backbone = try await Classifier.load(bundle: ModelBundle.load(from: "models/efficientnet-lite0"), logger: logger)
/// let report = try await BundleTrainer(backbone: backbone)
///     .train("photos/", options: TrainingOptions(output: "models/my-snakes")) { print($0) }
/// print(report.evaluation?.top1 ?? 0)
/// ```
///
/// The backbone is the classifier's bundle (whose model must export its pooled features); its
/// forward lanes extract the features. Cancelling the calling task stops training with
/// `TrainingError` `.cancelled` and writes nothing.
public struct BundleTrainer: Sendable {
    public let backbone: Classifier

    public init(backbone: Classifier) {
        self.backbone = backbone
    }

    /// Trains on the photos in `directory` and writes the bundle `options.output`.
    /// - Throws: ``TrainingError`` naming the file or folder at fault; nothing is written then.
    public func train(
        _ directory: String, options: TrainingOptions,
        progress: @escaping @Sendable (TrainingProgress) -> Void = { _ in }
    ) async throws(TrainingError) -> TrainingReport {
        let writer = BundleWriter(output: options.output, force: options.force)
        try writer.check()
        let set = try TrainingSet.scan(directory, seed: options.seed)
        let featureCount = try await probeFeatureCount()

        let featuresStarted = ContinuousClock.now
        let cache = try options.cacheRoot.map { (root) throws(TrainingError) in
            try FeatureCache(root: root, backboneKey: backboneKey())
        }
        let extractor = FeatureExtractor(classifier: backbone, cache: cache, featureCount: featureCount)
        let requests = set.photos.map { photo in
            (path: photo.path, views: photo.split == .train ? options.augmentation.views : [FeatureView.center])
        }
        let total = requests.count
        progress(.features(done: 0, total: total))
        let results = try await extractor.extract(requests) { done in progress(.features(done: done, total: total)) }
        let featuresSeconds = (ContinuousClock.now - featuresStarted).totalSeconds

        var skipped: [TrainingReport.SkippedPhoto] = []
        var splits: [TrainingSplit: (LabelledFeatures, [String])] = [:]
        for split in TrainingSplit.allCases { splits[split] = (LabelledFeatures(featureCount: featureCount), []) }
        var hashes: [String: [(String, TrainingSplit)]] = [:]
        var extracted = 0
        var cached = 0
        var readable = [Int](repeating: 0, count: set.classes.count)
        var inTrain = [Int](repeating: 0, count: set.classes.count)
        for (photo, result) in zip(set.photos, results) {
            switch result {
            case .failure(let error):
                if error.kind == .model { throw TrainingError(.model, path: error.source, reason: error.reason) }
                skipped.append(TrainingReport.SkippedPhoto(path: photo.path, reason: error.reason))
            case .success(let found):
                extracted += found.computed
                cached += found.views.count - found.computed
                hashes[found.hash, default: []].append((photo.path, photo.split))
                for view in found.views { splits[photo.split]!.0.append(view, label: photo.label) }
                splits[photo.split]!.1.append(photo.path)
                readable[photo.label] += 1
                if photo.split == .train { inTrain[photo.label] += 1 }
            }
        }
        let (train, _) = splits[.train]!
        let (validation, validationPaths) = splits[.validation]!
        let (test, testPaths) = splits[.test]!
        try checkEnough(set: set, readable: readable, inTrain: inTrain)

        let fitStarted = ContinuousClock.now
        let fit = HeadFit(classes: set.classes, decays: options.decays).fit(train: train, validation: validation) {
            done, total in progress(.fitting(done: done, total: total))
        }
        // On the head fitted without the validation photos, so that it has not seen them.
        let recognition = RecognitionRule.calibrated(
            head: fit.trainOnlyHead, features: validation, targetPrecision: options.targetPrecision)
        let fitSeconds = (ContinuousClock.now - fitStarted).totalSeconds

        let evaluation =
            test.count > 0
            ? TrainingReport.Evaluation.measure(head: fit.head, split: .test, features: test, paths: testPaths)
            : validation.count > 0
                ? TrainingReport.Evaluation.measure(
                    head: fit.trainOnlyHead, split: .validation, features: validation, paths: validationPaths)
                : nil
        let duplicates = hashes.values.filter { Set($0.map(\.1)).count > 1 }.map { entries in
            TrainingReport.Duplicate(
                paths: entries.map(\.0).sorted(),
                splits: Array(Set(entries.map(\.1))).sorted { $0.rawValue < $1.rawValue })
        }.sorted { $0.paths[0] < $1.paths[0] }
        var counts: [String: Int] = [:]
        for split in TrainingSplit.allCases { counts[split.rawValue] = splits[split]!.1.count }
        let name = options.name ?? PathName.lastComponent(of: options.output)
        let report = TrainingReport(
            bundle: options.output, directory: directory, layout: set.layout, classes: set.classes,
            dangerDefaulted: set.dangerDefaulted, warnings: set.warnings, skipped: skipped, photos: counts,
            augmentation: options.augmentation, decay: fit.decay, decaySearch: fit.trials, recognition: recognition,
            recognitionTargetPrecision: options.targetPrecision,
            evaluation: evaluation, duplicates: duplicates,
            timings: TrainingReport.Timings(
                featuresSeconds: featuresSeconds, fitSeconds: fitSeconds, extracted: extracted, cached: cached))

        progress(.writing)
        var metadata = backbone.bundle.metadata
        metadata.name = name
        metadata.description =
            "A species head (\(set.classes.count) classes) trained by snakeid train on \(directory) over the backbone of \(backbone.bundle.name)."
        metadata.recognition = recognition
        metadata.speciesHead = SpeciesHeadMetadata(
            weights: BundleWriter.headFile, featureCount: featureCount, classes: set.classes)
        try writer.write(metadata: metadata, head: fit.head, backbone: backbone.bundle, report: report)
        return report
    }

    /// The length of the backbone's pooled features, from one forward.
    private func probeFeatureCount() async throws(TrainingError) -> Int {
        let input = backbone.bundle.metadata.input
        let zeros = [Float](repeating: 0, count: 3 * input.width * input.height)
        let row: [Float]
        do {
            row = try await backbone.queue.submit(zeros).scores
        } catch {
            // The forward queue refuses a cancelled task's image: that is a cancelled training.
            if error.kind == .cancelled || Task.isCancelled {
                throw TrainingError(.cancelled, path: "", reason: "training was cancelled")
            }
            throw TrainingError(.model, path: backbone.bundle.directory, reason: error.reason)
        }
        let count = backbone.builder.features(of: row).count
        guard count > 0 else {
            throw TrainingError(
                .model, path: backbone.bundle.directory,
                reason: "the model has no pooled-features output; re-export it (make model, models/export_default.py)")
        }
        return count
    }

    private func backboneKey() throws(TrainingError) -> String {
        let (engine, path): (Engine, String)
        do {
            (engine, path) = try Engine.resolve(backbone.configuration.engine, for: backbone.bundle)
        } catch {
            throw TrainingError(.model, path: backbone.bundle.directory, reason: error.reason)
        }
        guard let key = FeatureCache.backboneKey(modelPath: path, engine: engine, input: backbone.bundle.metadata.input)
        else { throw TrainingError(.model, path: path, reason: "cannot read the model file to key the feature cache") }
        return key
    }

    /// Every class needs a training photo and two photos in all, once unreadable ones are gone.
    private func checkEnough(set: TrainingSet, readable: [Int], inTrain: [Int]) throws(TrainingError) {
        for (index, headClass) in set.classes.enumerated() where inTrain[index] < 1 || readable[index] < 2 {
            throw TrainingError(
                .tooFewPhotos, path: set.directory + "/" + headClass.label,
                reason: "\(readable[index]) readable photos left in this class (\(inTrain[index]) for training); "
                    + "want at least 2, one of them for training")
        }
    }
}
