import Inference

/// What `T` trains: the labelled photos (or a folder of class folders) into a bundle saved
/// under `$XDG_DATA_HOME/snakeid/bundles/NAME/`.
struct TrainingJob: Sendable, Equatable {
    /// A labelled photo.
    struct Photo: Sendable, Equatable {
        var path: String
        var label: String
    }

    var name: String
    /// The bundle folder written (replaced when it exists: a retrain).
    var output: String
    var photos: [Photo]
    /// What each label stands for.
    var species: [LabelSet.Species]
    /// A folder of class folders trained as it is (when nothing is labelled).
    var classFolder: String?
}

/// A training run in the background, for the status line.
struct TrainingStatus: Sendable, Equatable {
    var name: String
    var progress: TrainingProgress?
    var isCancelling = false

    /// "features 40/120", "fitting 3/9", "writing".
    var phase: String {
        switch progress {
        case nil: "starting"
        case .features(let done, let total): "features \(done)/\(total)"
        case .fitting(let done, let total): "fitting \(done)/\(total)"
        case .writing: "writing"
        }
    }
}

/// What a finished run hands back: the report (paths of the user's photos), the bundle and
/// the photos' modification times (so the report's preview finds them cached).
struct TrainingOutcome: Sendable, Equatable {
    var report: TrainingReport
    var choice: ModelChoice
    var modified: [String: Double]
}

/// The report view while it is open: the selected top loss.
struct ReportState: Sendable, Equatable {
    var outcome: TrainingOutcome
    var selection = 0

    var losses: [TrainingReport.Loss] { outcome.report.evaluation?.topLosses ?? [] }

    var selectedLoss: TrainingReport.Loss? {
        losses.indices.contains(selection) ? losses[selection] : nil
    }
}
