import FoundationEssentials
import Glibc

/// Finds image files, recognising them by their leading bytes rather than their extension.
public enum ImageFinder {
    /// Image files under `directory`, recursively, sorted by path: files that start like an
    /// image, and files named like one (so that a corrupt `photo.jpg` is reported, not skipped).
    /// Hidden files and folders are skipped. Symbolic links are followed, to files and to
    /// folders alike; a folder reached twice (a link loop, or two links to one folder) is read
    /// once. A dangling link named like an image is kept, so that its error is reported.
    public static func images(in directory: String) -> [String] {
        var found: [String] = []
        var visited: Set<FileIdentity> = []
        collect(in: directory, into: &found, visited: &visited)
        return found.sorted()
    }

    /// A file's device and inode: what identifies a folder however it is reached.
    private struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private static func collect(in directory: String, into found: inout [String], visited: inout Set<FileIdentity>) {
        var info = stat()
        guard stat(directory, &info) == 0,
            visited.insert(FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))).inserted,
            let names = try? FileManager.default.contentsOfDirectory(atPath: directory)
        else { return }
        for name in names where !name.hasPrefix(".") {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var entry = stat()
            guard stat(path, &entry) == 0 else {
                if hasImageExtension(path) { found.append(path) }  // a dangling link
                continue
            }
            switch entry.st_mode & S_IFMT {
            case S_IFDIR: collect(in: path, into: &found, visited: &visited)
            case S_IFREG: if hasImageExtension(path) || isImage(atPath: path) { found.append(path) }
            default: continue
            }
        }
    }

    /// Whether the file starts like an image SnakeID recognises (decodable or not).
    public static func isImage(atPath path: String) -> Bool {
        guard let header = ImageFile.header(path) else { return false }
        return ImageFormat.sniff(header) != nil
    }

    /// File name extensions of images, lower case.
    public static let imageExtensions: Set<String> = [
        "jpg", "jpeg", "jpe", "jfif", "png", "gif", "bmp", "webp", "tif", "tiff", "heic", "heif", "avif",
    ]

    /// Whether `path`'s extension is one of ``imageExtensions``.
    public static func hasImageExtension(_ path: String) -> Bool {
        imageExtensions.contains(PathName.fileExtension(of: path).lowercased())
    }

    /// Whether `path` is an existing folder.
    public static func isDirectory(_ path: String) -> Bool {
        var isDirectory = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory
    }
}
