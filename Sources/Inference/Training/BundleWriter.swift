import FoundationEssentials
import Glibc

/// Writes a trained bundle: a temporary folder beside the output, renamed into place once
/// complete, so that a failure leaves neither a half-written bundle nor a lost old one.
struct BundleWriter {
    var output: String
    var force: Bool

    /// The head's weights file in the bundle.
    static let headFile = "head.json"

    /// Refuses an existing output (unless forced) and an output whose folder cannot be written,
    /// before any work is done.
    func check() throws(TrainingError) {
        let manager = FileManager.default
        if manager.fileExists(atPath: output) && !force {
            throw TrainingError(.outputExists, path: output, reason: "already exists (use --force to replace it)")
        }
        let parent = Self.parent(of: output)
        guard ImageFinder.isDirectory(parent) else {
            throw TrainingError(
                .notWritable, path: output, reason: "its folder \(parent) does not exist or is not a folder")
        }
        guard manager.isWritableFile(atPath: parent) else {
            throw TrainingError(.notWritable, path: output, reason: "cannot write in \(parent)")
        }
    }

    /// Writes `metadata` (naming the backbone's files), the head and `report`; links (or copies)
    /// the backbone's model files from `backbone`.
    func write(
        metadata: ModelMetadata, head: SpeciesHead, backbone: ModelBundle, report: TrainingReport
    ) throws(TrainingError) {
        try check()
        let manager = FileManager.default
        let parent = Self.parent(of: output)
        let name = PathName.lastComponent(of: output)
        let temporary = parent + "/.\(name).partial-\(getpid())"
        try? manager.removeItem(atPath: temporary)
        let fail = { (reason: String) -> TrainingError in
            try? manager.removeItem(atPath: temporary)
            return TrainingError(.notWritable, path: output, reason: reason)
        }
        do {
            try manager.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        } catch {
            throw fail("cannot create \(temporary): \(describeFailure(error))")
        }
        for (file, source) in [(metadata.weights, backbone.weightsPath), (metadata.onnx, backbone.onnxPath)] {
            guard let file, let source else { continue }
            let target = temporary + "/" + file
            // A hard link costs no space; across file systems, a copy.
            if (try? manager.linkItem(atPath: source, toPath: target)) == nil {
                do {
                    try manager.copyItem(atPath: source, toPath: target)
                } catch {
                    throw fail("cannot copy \(source): \(describeFailure(error))")
                }
            }
        }
        do {
            try head.write(to: temporary + "/" + Self.headFile)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(metadata).write(to: URL(fileURLWithPath: temporary + "/model.json"))
            try encoder.encode(report).write(to: URL(fileURLWithPath: temporary + "/training-report.json"))
        } catch {
            throw fail("cannot write the bundle: \(describeFailure(error))")
        }
        let old = parent + "/.\(name).old-\(getpid())"
        let replacing = manager.fileExists(atPath: output)
        if replacing && rename(output, old) != 0 {
            throw fail("cannot move the existing \(output) aside: \(String(cString: strerror(errno)))")
        }
        if rename(temporary, output) != 0 {
            let reason = String(cString: strerror(errno))
            if replacing { _ = rename(old, output) }
            throw fail("cannot rename \(temporary) to \(output): \(reason)")
        }
        if replacing { try? manager.removeItem(atPath: old) }
    }

    private static func parent(of path: String) -> String {
        let parent = PathName.parent(of: PathName.normalized(path))
        return parent.isEmpty ? "." : parent
    }
}
