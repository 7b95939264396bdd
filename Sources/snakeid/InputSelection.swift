import ArgumentParser
import FoundationEssentials
import Inference

/// What `classify` works on: the inputs of its shard, less those a resumed results file
/// already holds, and where the records go.
struct InputSelection {
    var sources: [ImageSource]
    var missing: [InferenceError]
    /// How many inputs of the shard the results file already held.
    var skipped: Int
    /// The results file opened for appending, or nil for standard output.
    var output: FileStream?
    /// Bytes of a truncated last line cut off the results file.
    var repairedBytes: Int

    static func make(inputs: [String], shard: Shard, resume: String?) throws -> InputSelection {
        let (keyed, allMissing) = InputExpander.expandKeyed(inputs)
        var sources = keyed.filter { shard.contains(key: $0.key) }.map(\.source)
        var missing = allMissing.filter { shard.contains(key: $0.source) }
        guard let resume else {
            return InputSelection(sources: sources, missing: missing, skipped: 0, output: nil, repairedBytes: 0)
        }
        let log: ResumeLog
        do {
            log = try ResumeLog.open(resume)
        } catch {
            throw ValidationError("--resume \(error)")
        }
        let before = sources.count + missing.count
        sources.removeAll { log.recorded.contains($0.description) }
        missing.removeAll { log.recorded.contains($0.source) }
        guard let handle = FileStream.appending(resume) else {
            throw ValidationError("--resume \(resume): cannot open the file for appending")
        }
        return InputSelection(
            sources: sources, missing: missing, skipped: before - sources.count - missing.count, output: handle,
            repairedBytes: log.repairedBytes)
    }
}
