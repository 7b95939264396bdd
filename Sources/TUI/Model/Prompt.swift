import Foundation

/// A one-line text prompt at the bottom of the screen.
struct Prompt: Sendable, Equatable {
    /// What the text is for.
    enum Purpose: Sendable, Equatable {
        /// Filters the browser as it is typed.
        case filter
        /// An http(s) URL to download and classify.
        case url
        /// `host:port` for the HTTP API.
        case serverAddress
        /// Where the review export goes: a path, `.csv` and `.json` added.
        case exportPath
    }

    var purpose: Purpose
    var text: String

    init(_ purpose: Purpose, text: String = "") {
        self.purpose = purpose
        self.text = text
    }

    /// The label shown before the text.
    var label: String {
        switch purpose {
        case .filter: "Filter: "
        case .url: "URL: "
        case .serverAddress: "API address (host:port): "
        case .exportPath: "Export to (.csv and .json added): "
        }
    }

    mutating func insert(_ typed: String) {
        // A pasted line break ends nothing here; it is just dropped.
        text += typed.filter { !$0.isNewline && $0 != "\t" }
    }

    mutating func deleteBackward() {
        if !text.isEmpty { text.removeLast() }
    }
}

/// `host:port`, `host` or `port` as the API prompt accepts it; nil when it is not one.
func parseAddress(_ text: String, defaultHost: String, defaultPort: Int) -> (host: String, port: Int)? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.isEmpty { return (defaultHost, defaultPort) }
    if let port = Int(trimmed) { return (0...65535).contains(port) ? (defaultHost, port) : nil }
    guard let colon = trimmed.lastIndex(of: ":"), !trimmed.hasPrefix("[") || trimmed[..<colon].hasSuffix("]") else {
        return trimmed.contains(" ") ? nil : (trimmed, defaultPort)
    }
    var host = String(trimmed[..<colon])
    if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    guard let port = Int(trimmed[trimmed.index(after: colon)...]), (0...65535).contains(port), !host.isEmpty,
        !host.contains(" ")
    else { return nil }
    return (host, port)
}
