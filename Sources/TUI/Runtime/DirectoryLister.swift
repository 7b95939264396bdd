import Foundation
import Inference

/// Reads a folder into a `DirectoryListing`: sub-folders (symbolic links followed) and images,
/// recognised by their first bytes, plus files named like images (so a broken one shows its
/// error instead of vanishing). Runs in the background: sniffing reads every file's header.
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
                others += 1
                continue
            }
            let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
            if (info.st_mode & S_IFMT) == S_IFDIR {
                entries.append(DirectoryEntry(name: name, path: full, kind: .folder, modified: modified))
                continue
            }
            guard (info.st_mode & S_IFMT) == S_IFREG else {
                others += 1
                continue
            }
            let format = ImageFile.header(full).flatMap { ImageFormat.sniff($0) }
            if format != nil || ImageFinder.imageExtensions.contains((name as NSString).pathExtension.lowercased()) {
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

    /// Why a folder could not be listed.
    struct ListingError: Error {
        var reason: String
    }
}
