import FoundationEssentials
import Glibc
import Inference

/// Reads a folder into a `DirectoryListing`: sub-folders and images (symbolic links followed),
/// images recognised by their first bytes, plus files named like images (so a broken one, or a
/// dangling link, shows its error instead of vanishing). Runs in the background: sniffing reads
/// every file's header.
enum DirectoryLister {
    /// The listing of `path`.
    /// - Throws: a message when the folder cannot be read.
    static func list(_ path: String) throws(ListingError) -> DirectoryListing {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw ListingError(
                reason: FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such folder")
        }
        var entries: [DirectoryEntry] = []
        var others = 0
        for name in names {
            let full = path == "/" ? "/" + name : path + "/" + name
            var info = stat()
            guard stat(full, &info) == 0 else {
                if ImageFinder.hasImageExtension(name) {
                    entries.append(DirectoryEntry(name: name, path: full, kind: .image(nil)))  // a dangling link
                } else {
                    others += 1
                }
                continue
            }
            let modified = modificationTime(info)
            if (info.st_mode & S_IFMT) == S_IFDIR {
                entries.append(DirectoryEntry(name: name, path: full, kind: .folder, modified: modified))
                continue
            }
            guard (info.st_mode & S_IFMT) == S_IFREG else {
                others += 1
                continue
            }
            let format = ImageFile.header(full).flatMap { ImageFormat.sniff($0) }
            if format != nil || ImageFinder.hasImageExtension(name) {
                entries.append(
                    DirectoryEntry(
                        name: name, path: full, kind: .image(format), modified: modified, size: Int64(info.st_size))
                )
            } else {
                others += 1
            }
        }
        return DirectoryListing(path: path, entries: entries, otherFiles: others)
    }

    /// The modification time of `path` (links followed), seconds since 1970; nil when it
    /// cannot be read. The same number a listing's entry carries, so cached results match.
    static func modificationTime(_ path: String) -> Double? {
        var info = stat()
        return stat(path, &info) == 0 ? modificationTime(info) : nil
    }

    private static func modificationTime(_ info: stat) -> Double {
        Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }

    /// The images under `root`, subfolders too (as `snakeid classify DIR` finds them), keyed by
    /// their modification time.
    static func images(under root: String) -> [ItemKey] {
        ImageFinder.images(in: root).map { .file(path: $0, modified: modificationTime($0) ?? 0) }
    }

    /// Why a folder could not be listed.
    struct ListingError: Error {
        var reason: String
    }
}
