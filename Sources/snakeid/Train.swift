import ArgumentParser
import FoundationEssentials
import Inference
import Logging
import NIOConcurrencyHelpers

/// `snakeid train DIR --out BUNDLE`
struct Train: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a species head on folders of labelled photos and write a bundle that uses it.",
        discussion: """
            DIR holds one folder of photos per class (the folder's name is the label), directly or \
            under train/, val/ (or valid/) and test/; without them a seeded, stratified hold-out is \
            made. An optional DIR/classes.csv gives each class's names and danger \
            (folder,common_name,scientific_name,danger; danger: harmless, mildly_venomous, \
            constrictor or dangerous; a class without one is treated as dangerous). Features come \
            from the --model bundle's backbone and are cached by photo content, so a retrain only \
            extracts new photos. The bundle keeps the backbone's snake gate; its head ranks the species.
            """
    )

    @Argument(help: "The folder of class folders.")
    var directory: String

    @Option(name: .long, help: "The bundle folder to write.")
    var out: String

    @Flag(name: .long, help: "Replace an existing bundle at --out.")
    var force = false

    @Option(name: .long, help: "Also write the report as JSON to this file.")
    var report: String?

    @Option(name: .long, help: "Views of each training photo: none, flip or flip-crop.")
    var augment: Augmentation = .flip

    @Option(name: .long, help: "Feature cache folder (default: $XDG_CACHE_HOME/snakeid/features).")
    var cache: String?

    @Flag(name: .long, help: "Extract every feature again and cache nothing.")
    var noCache = false

    @Option(name: .long, help: "Seed of the hold-out split.")
    var seed: UInt64 = 42

    @Option(name: .long, help: "The bundle's name (default: the --out folder's name).")
    var name: String?

    @OptionGroup var modelOptions: ModelOptions

    func run() async throws {
        let logger = Logger.snakeid("snakeid.train")
        let backbone = try await modelOptions.loadClassifier(logger: logger)
        let options = TrainingOptions(
            output: out, force: force, cacheRoot: noCache ? nil : (cache ?? FeatureCache.defaultRoot),
            augmentation: augment, seed: seed, name: name)
        let bar = NIOLockedValueBox<(phase: String, bar: ProgressBar?)>(("", nil))
        let result: TrainingReport
        do {
            result = try await BundleTrainer(backbone: backbone).train(directory, options: options) { progress in
                bar.withLockedValue { state in Self.show(progress, on: &state) }
            }
        } catch {
            bar.withLockedValue { $0.bar?.finish() }
            FileStream.standardError.write("snakeid: train: \(error)\n")
            throw ExitCode.failure
        }
        bar.withLockedValue { $0.bar?.finish() }
        backbone.finish()
        print(TrainingReportText.render(result), terminator: "")
        if let report {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            do {
                try encoder.encode(result).write(to: URL(fileURLWithPath: report), options: .atomic)
            } catch {
                FileStream.standardError.write(
                    "snakeid: train: \(report): cannot write the report: \(describeFailure(error))\n")
                throw ExitCode.failure
            }
        }
    }

    /// Draws `progress` on stderr, one bar per phase.
    private static func show(_ progress: TrainingProgress, on state: inout (phase: String, bar: ProgressBar?)) {
        let (phase, done, total): (String, Int, Int)
        switch progress {
        case .features(let count, let all): (phase, done, total) = ("features", count, all)
        case .fitting(let count, let all): (phase, done, total) = ("fitting", count, all)
        case .writing: (phase, done, total) = ("writing", 0, 0)
        }
        if state.phase != phase {
            state.bar?.finish()
            state.phase = phase
            state.bar = total > 0 ? ProgressBar(total: total) : nil
        }
        state.bar?.set(done: done)
    }
}

extension Augmentation: ExpressibleByArgument {}
