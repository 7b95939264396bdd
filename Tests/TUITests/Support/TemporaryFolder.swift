import Foundation

/// A new empty folder under the temporary folder, `snakeid-<label>-<UUID>`; the caller removes it.
func makeTemporaryFolder(_ label: String) throws -> String {
    let path = NSTemporaryDirectory() + "snakeid-\(label)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
