import Inference

/// A folder or an image file in the browser.
struct DirectoryEntry: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        case folder
        /// A file whose bytes start like an image; nil when only its name says it is one (a
        /// broken or empty file: shown, so that its error can be seen).
        case image(ImageFormat?)
    }

    var name: String
    var path: String
    var kind: Kind
    /// Modification time, seconds since 1970.
    var modified: Double
    /// Size in bytes (0 for folders).
    var size: Int64

    init(name: String, path: String, kind: Kind, modified: Double = 0, size: Int64 = 0) {
        self.name = name
        self.path = path
        self.kind = kind
        self.modified = modified
        self.size = size
    }

    var isFolder: Bool { kind == .folder }
    var isHidden: Bool { name.hasPrefix(".") }

    /// The cache key of an image file; nil for folders.
    var itemKey: ItemKey? {
        isFolder ? nil : .file(path: path, modified: modified)
    }
}

/// The folders and images of one directory, folders first, then by name in natural order.
struct DirectoryListing: Sendable, Equatable {
    var path: String
    var entries: [DirectoryEntry]
    /// Files that are neither folders nor images (not shown).
    var otherFiles: Int

    init(path: String, entries: [DirectoryEntry], otherFiles: Int = 0) {
        self.path = path
        self.entries = entries.sorted(by: DirectoryListing.precedes)
        self.otherFiles = otherFiles
    }

    static func precedes(_ a: DirectoryEntry, _ b: DirectoryEntry) -> Bool {
        if a.isFolder != b.isFolder { return a.isFolder }
        return a.name.precedesNaturally(b.name)
    }
}
