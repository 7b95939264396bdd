import FoundationEssentials
import Inference

/// Runs a `TrainingJob` with the core's `BundleTrainer`. Labelled photos are trained through a
/// temporary folder of class folders holding symbolic links to them (and a `classes.csv` with
/// each label's scientific name and danger), removed afterwards: the photos themselves are never
/// moved or written. The feature cache is keyed by photo content, so a retrain after relabelling
/// extracts nothing again.
enum LabelledTraining {
    /// Trains `job` with `backbone`, reporting progress; the report names the user's photos.
    /// - Throws: `TrainingError` (`.cancelled` when the task is cancelled; nothing is written).
    static func run(
        _ job: TrainingJob, backbone: Classifier, progress: @escaping @Sendable (TrainingProgress) -> Void
    ) async throws(TrainingError) -> TrainingOutcome {
        let options = TrainingOptions(output: job.output, force: true, name: job.name)
        let bundles = PathName.parent(of: job.output)
        do {
            try FileManager.default.createDirectory(atPath: bundles, withIntermediateDirectories: true)
        } catch {
            throw TrainingError(.notWritable, path: bundles, reason: "cannot create the folder (\(error))")
        }
        let trainer = BundleTrainer(backbone: backbone)
        var report: TrainingReport
        if let folder = job.classFolder {
            report = try await trainer.train(folder, options: options, progress: progress)
        } else {
            let (tree, originals) = try makeTree(job)
            defer { try? FileManager.default.removeItem(atPath: tree) }
            report = try await trainer.train(tree, options: options, progress: progress)
            report = mapPaths(report, originals)
        }
        var modified: [String: Double] = [:]
        for loss in report.evaluation?.topLosses ?? [] {
            modified[loss.path] = DirectoryLister.modificationTime(loss.path)
        }
        return TrainingOutcome(
            report: report, choice: ModelChoice(name: job.name, directory: job.output), modified: modified)
    }

    /// The folder name a label's photos go in.
    static func folderName(_ label: String) -> String {
        let cleaned = label.map { $0 == "/" || $0 == "," ? "_" : $0 }
        return String(cleaned).trimmingWhitespace()
    }

    /// A temporary class-folder tree of links, and the original path of each link.
    private static func makeTree(_ job: TrainingJob) throws(TrainingError) -> (String, [String: String]) {
        let tree = FileManager.default.temporaryDirectory.path + "/snakeid-train-\(UUID().uuidString)"
        var originals: [String: String] = [:]
        do {
            var lines = ["folder,common_name,scientific_name,danger"]
            for species in job.species where job.photos.contains(where: { $0.label == species.label }) {
                let folder = folderName(species.label)
                try FileManager.default.createDirectory(atPath: tree + "/" + folder, withIntermediateDirectories: true)
                lines.append(
                    [folder, folderName(species.label), folderName(species.scientificName), species.danger.rawValue]
                        .joined(separator: ","))
            }
            for (index, photo) in job.photos.enumerated() {
                let name = String(cFormat: "%05d-", index) + PathName.lastComponent(of: photo.path)
                let link = tree + "/" + folderName(photo.label) + "/" + name
                try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: photo.path)
                originals[link] = photo.path
            }
            try (lines.joined(separator: "\n") + "\n").write(
                toFile: tree + "/" + ClassesFile.fileName, atomically: true, encoding: .utf8)
        } catch {
            try? FileManager.default.removeItem(atPath: tree)
            throw TrainingError(.notWritable, path: tree, reason: "cannot prepare the labelled photos (\(error))")
        }
        return (tree, originals)
    }

    private static func mapPaths(_ report: TrainingReport, _ originals: [String: String]) -> TrainingReport {
        var report = report
        let original = { (path: String) in originals[path] ?? path }
        report.directory = "labelled photos"
        report.skipped = report.skipped.map {
            var skipped = $0
            skipped.path = original(skipped.path)
            return skipped
        }
        if var evaluation = report.evaluation {
            evaluation.topLosses = evaluation.topLosses.map {
                var loss = $0
                loss.path = original(loss.path)
                return loss
            }
            evaluation.predictions = evaluation.predictions.map {
                var prediction = $0
                prediction.path = original(prediction.path)
                return prediction
            }
            report.evaluation = evaluation
        }
        report.duplicates = report.duplicates.map {
            var duplicate = $0
            duplicate.paths = duplicate.paths.map(original)
            return duplicate
        }
        return report
    }
}
