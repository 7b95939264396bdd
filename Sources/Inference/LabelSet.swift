import FoundationEssentials

/// The photos a person labelled under one folder tree, and the species their labels stand for:
/// what the terminal UI's `t` writes and training reads. The photos themselves are never moved
/// or written; the set keeps their paths relative to `root` (absolute for photos outside it).
///
/// On disk (``LabelStore``), as JSON:
///
/// ```json
/// {"format": "snakeid-labels", "version": 1, "root": "/home/me/snakes",
///  "species": [{"label": "black mamba", "scientific_name": "Dendroaspis polylepis", "danger": "dangerous"}],
///  "photos": [{"path": "mamba/001.jpg", "label": "black mamba"}]}
/// ```
public struct LabelSet: Sendable, Equatable, Codable {
    /// The version this build writes and the newest it reads.
    public static let formatVersion = 1
    /// The `format` value every label file carries.
    public static let formatName = "snakeid-labels"

    /// What a label stands for.
    public struct Species: Sendable, Equatable, Codable {
        /// The label as typed, e.g. "black mamba".
        public var label: String
        public var scientificName: String
        public var danger: Danger

        public init(label: String, scientificName: String, danger: Danger) {
            self.label = label
            self.scientificName = scientificName
            self.danger = danger
        }

        /// The label a bundle's species goes by: its common name.
        public init(_ species: SnakeSpecies) {
            self.init(label: species.commonName, scientificName: species.scientificName, danger: species.danger)
        }

        enum CodingKeys: String, CodingKey {
            case label, danger
            case scientificName = "scientific_name"
        }
    }

    /// One labelled photo.
    public struct Photo: Sendable, Equatable, Codable {
        /// Relative to the set's root, or absolute when the photo is outside it.
        public var path: String
        public var label: String

        public init(path: String, label: String) {
            self.path = path
            self.label = label
        }
    }

    public var format = LabelSet.formatName
    public var version = LabelSet.formatVersion
    /// The folder whose tree the set covers (absolute).
    public var root: String
    /// The labels defined, by label.
    public private(set) var species: [Species] = []
    /// The labelled photos, by path.
    public private(set) var photos: [Photo] = []

    public init(root: String) {
        self.root = root
    }

    /// The definition of `label` (case folded), if it has one.
    public func species(labelled label: String) -> Species? {
        species.first { $0.label.equalsIgnoringCase(label) }
    }

    /// Adds or replaces the definition of a label.
    public mutating func define(_ definition: Species) {
        species.removeAll { $0.label.equalsIgnoringCase(definition.label) }
        species.append(definition)
        species.sort { $0.label.lowercased() < $1.label.lowercased() }
    }

    /// Labels the photos at `paths` (absolute) with a defined label, replacing their old label.
    public mutating func tag(_ paths: [String], as label: String) {
        let canonical = species(labelled: label)?.label ?? label
        let stored = Set(paths.map(storedPath))
        photos.removeAll { stored.contains($0.path) }
        photos += stored.map { Photo(path: $0, label: canonical) }
        photos.sort { $0.path < $1.path }
        // A label no photo carries any more is kept: its definition is still the user's.
    }

    /// The label of the photo at `path` (absolute), if it has one.
    public func label(ofPhotoAt path: String) -> String? {
        let stored = storedPath(path)
        return photos.first { $0.path == stored }?.label
    }

    /// The absolute path of a photo of the set.
    public func absolutePath(of photo: Photo) -> String {
        photo.path.hasPrefix("/") ? photo.path : (root == "/" ? "/" : root + "/") + photo.path
    }

    /// The absolute paths of the photos labelled `label`, in path order.
    public func paths(labelled label: String) -> [String] {
        photos.filter { $0.label == label }.map(absolutePath)
    }

    /// The labels photos carry, with how many photos each, by label.
    public var counts: [(label: String, photos: Int)] {
        Dictionary(grouping: photos, by: \.label).map { ($0.key, $0.value.count) }
            .sorted { $0.label.lowercased() < $1.label.lowercased() }
    }

    /// The photos of the set that are no longer on disk (deleted or moved since labelled):
    /// listed for the user and skipped by training.
    public func missingPhotos(fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) })
        -> [String]
    {
        photos.map(absolutePath).filter { !fileExists($0) }
    }

    private func storedPath(_ path: String) -> String {
        let prefix = root == "/" ? "/" : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}

/// Reads and writes ``LabelSet``s: one file per folder tree, `labels/ROOT.json` under
/// `$XDG_DATA_HOME/snakeid/` (ROOT is the tree's absolute path, percent-encoded).
public enum LabelStore {
    /// Why a label file could not be read or written, with the file.
    public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var reason: String

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }

        public var description: String { "\(path): \(reason)" }
    }

    /// `$XDG_DATA_HOME/snakeid/labels`, by default `~/.local/share/snakeid/labels`.
    public static func folder(environment: [String: String], home: String) -> String {
        DataFolder.path(environment: environment, home: home) + "/labels"
    }

    /// The file of the tree rooted at `root`, in `folder`.
    public static func file(forRoot root: String, in folder: String) -> String {
        return folder + "/" + percentEncoded(root) + ".json"
    }

    /// `text` with every byte of its UTF-8 but ASCII letters, digits and `-._` percent-encoded,
    /// as Foundation's `addingPercentEncoding` with `alphanumerics` and `-._` allowed did: the
    /// names of the files already written stay the same.
    static func percentEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            let character = Character(Unicode.Scalar(byte))
            if byte < 0x80 && (character.isLetter || character.isNumber || "-._".contains(character)) {
                encoded.append(character)
            } else {
                encoded += String(cFormat: "%%%02X", Int32(byte))
            }
        }
        return encoded
    }

    /// The set covering `directory`: the one of its nearest ancestor (or itself) that has a
    /// file, else a new empty set rooted at `directory`.
    /// - Throws: ``StoreError`` when that file cannot be read, is not a label file, or was
    ///   written by a newer version (it is then left as it is).
    public static func load(covering directory: String, in folder: String) throws(StoreError) -> LabelSet {
        var candidate = directory
        while true {
            let path = file(forRoot: candidate, in: folder)
            if FileManager.default.fileExists(atPath: path) { return try read(path) }
            if candidate == "/" || candidate.isEmpty { break }
            let parent = PathName.parent(of: candidate)
            candidate = parent.isEmpty ? "/" : parent
        }
        return LabelSet(root: directory)
    }

    /// The set in the file at `path`.
    public static func read(_ path: String) throws(StoreError) -> LabelSet {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw StoreError(path: path, reason: "cannot be read")
        }
        struct Header: Decodable {
            var format: String?
            var version: Int?
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: data), header.format == LabelSet.formatName,
            let version = header.version
        else { throw StoreError(path: path, reason: "not a SnakeID label file") }
        guard version <= LabelSet.formatVersion else {
            throw StoreError(
                path: path,
                reason:
                    "written by a newer SnakeID (label format \(version); this one reads up to \(LabelSet.formatVersion))"
            )
        }
        do {
            return try JSONDecoder().decode(LabelSet.self, from: data)
        } catch {
            throw StoreError(path: path, reason: "malformed label file (\(error))")
        }
    }

    /// Writes `set` to its file in `folder`, whole or not at all (a temporary file renamed over
    /// it), creating the folder when needed; returns the file's path.
    @discardableResult
    public static func save(_ set: LabelSet, in folder: String) throws(StoreError) -> String {
        let path = file(forRoot: set.root, in: folder)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let data = try encoder.encode(set) + Data("\n".utf8)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw StoreError(path: path, reason: "cannot be written (\(describeFailure(error)))")
        }
        return path
    }
}
