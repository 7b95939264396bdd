import Foundation

/// Finds image files, recognising them by their leading bytes rather than their extension.
public enum ImageFinder {
    /// Image files under `directory`, recursively, sorted by path: files that start like an
    /// image, and files named like one (so that a corrupt `photo.jpg` is reported, not skipped).
    /// Hidden files and folders are skipped; symbolic links to folders are not followed.
    public static func images(in directory: String) -> [String] {
        let root = URL(fileURLWithPath: directory)
        guard
            let enumerator = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.isRegularFileKey],
                options: [.skipsHiddenFiles])
        else { return [] }
        var found: [String] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            if isImage(atPath: url.path) || hasImageExtension(url.path) { found.append(url.path) }
        }
        return found.sorted()
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

    static func hasImageExtension(_ path: String) -> Bool {
        imageExtensions.contains((path as NSString).pathExtension.lowercased())
    }

    /// Whether `path` is an existing folder.
    public static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
