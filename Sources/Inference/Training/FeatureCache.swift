import FoundationEssentials
import Glibc

/// Pooled features kept on disk, so that a retrain reads them instead of running the backbone:
/// one file of raw float32 per photo content (SHA-256 of its bytes) and view, in a folder per
/// backbone (SHA-256 of its model file, the engine and the preprocessing).
///
/// Default root: `$XDG_CACHE_HOME/snakeid/features`, else `~/.cache/snakeid/features`.
/// Entries are written through a temporary file and renamed, so a reader never sees half of
/// one; a failed write only costs a re-extraction next time.
public struct FeatureCache: Sendable {
    /// The folder of this backbone's entries.
    public let directory: String

    /// The default root folder.
    public static var defaultRoot: String {
        let environment = ProcessInfo.processInfo.environment
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/snakeid/features" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? FileManager.default.temporaryDirectory.path
        return home + "/.cache/snakeid/features"
    }

    /// The cache of `backboneKey` under `root`.
    public init(root: String, backboneKey: String) {
        directory = root + "/" + backboneKey
    }

    /// The key of a backbone: its model file's digest, the engine and the input settings (so
    /// that features from another preprocessing are never mixed in).
    static func backboneKey(modelPath: String, engine: Engine, input: ModelMetadata.Input) -> String? {
        guard let digest = ContentHash.ofFile(modelPath) else { return nil }
        let settings = "\(engine) \(input.width)x\(input.height) \(input.resizeShorterSide) \(input.mean) \(input.std)"
        return String(ContentHash.of(Array((digest + settings).utf8)).prefix(32))
    }

    private func path(hash: String, view: FeatureView) -> String {
        directory + "/" + hash.prefix(2) + "/" + hash + "-" + view.rawValue + ".f32"
    }

    /// The stored features of a photo's view, or nil when there are none of `count` floats.
    func load(hash: String, view: FeatureView, count: Int) -> [Float]? {
        guard let data = FileManager.default.contents(atPath: path(hash: hash, view: view)),
            data.count == count * MemoryLayout<Float>.size
        else { return nil }
        return data.withUnsafeBytes { raw in Array(raw.bindMemory(to: Float.self)) }
    }

    /// Stores a photo's view (best effort).
    func store(_ features: [Float], hash: String, view: FeatureView) {
        let target = path(hash: hash, view: view)
        let folder = PathName.parent(of: target)
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let data = features.withUnsafeBytes { Data($0) }
        let temporary = target + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else { return }
        if rename(temporary, target) != 0 { unlink(temporary) }
    }
}
