/// Why `snakeid train` (``BundleTrainer``) could not train or write a bundle: the file or folder
/// at fault and the reason. Nothing is written when one is thrown.
public struct TrainingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong; `rawValue` is its code.
    public enum Kind: String, Sendable, Codable {
        /// The photo folder has no class folders, or a class folder has no photos.
        case noPhotos = "no_photos"
        /// Only one class: there is nothing to tell apart.
        case singleClass = "single_class"
        /// Too few readable photos remain in a class (after skipping unreadable ones).
        case tooFewPhotos = "too_few_photos"
        /// The classes file is malformed.
        case invalidClassesFile = "invalid_classes_file"
        /// The output folder exists (and `--force` was not given).
        case outputExists = "output_exists"
        /// The output folder, or the folder beside it, cannot be written.
        case notWritable = "not_writable"
        /// The backbone cannot be loaded or lacks the pooled-features output.
        case model
        /// Training was cancelled.
        case cancelled
    }

    public var kind: Kind
    /// The file or folder at fault.
    public var path: String
    public var reason: String

    public init(_ kind: Kind, path: String, reason: String) {
        self.kind = kind
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
