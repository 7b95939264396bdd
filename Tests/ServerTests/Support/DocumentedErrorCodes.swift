import Foundation
import TestSupport

/// The API's error codes as README.md documents them (its "Error codes" table): the contract
/// the tests hold the server to, read from the document rather than restated.
enum DocumentedErrorCodes {
    /// Each documented code's status.
    static let statuses: [String: Int] = {
        let readme = (try? String(contentsOfFile: TestPaths.packageRoot + "/README.md", encoding: .utf8)) ?? ""
        var statuses: [String: Int] = [:]
        for line in readme.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2, let status = Int(cells[1]) else { continue }
            statuses[cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = status
        }
        return statuses
    }()
}
