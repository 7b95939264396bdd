import FoundationEssentials
import Inference

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
        /// The label for `photos` photos (`t`).
        case tagLabel(photos: Int)
        /// The scientific name of a new label.
        case tagScientificName(label: String)
        /// The danger of a new label.
        case tagDanger(label: String)
        /// The model to classify with, by name.
        case model
        /// The name of the bundle `T` trains.
        case bundleName
    }

    var purpose: Purpose
    var text: String
    /// What Tab completes to: the candidates starting with the text (case folded).
    var completions: [String]

    init(_ purpose: Purpose, text: String = "", completions: [String] = []) {
        self.purpose = purpose
        self.text = text
        self.completions = completions
    }

    /// The completions the text so far matches: those starting with it, else those containing it.
    var matches: [String] {
        let typed = text.lowercased()
        guard !typed.isEmpty else { return completions }
        let starting = completions.filter { $0.lowercased().hasPrefix(typed) }
        return starting.isEmpty ? completions.filter { $0.lowercased().contains(typed) } : starting
    }

    /// Tab: the text becomes the one match, or the longest beginning all matches share.
    mutating func complete() {
        let matches = matches
        guard let first = matches.first else { return }
        if matches.count == 1 {
            text = first
            return
        }
        var common = first.lowercased()
        for match in matches.dropFirst() {
            while !match.lowercased().hasPrefix(common) { common.removeLast() }
        }
        if common.count > text.count { text = String(first.prefix(common.count)) }
    }

    /// The label shown before the text.
    var label: String {
        switch purpose {
        case .filter: "Filter: "
        case .url: "URL: "
        case .serverAddress: "API address (host:port): "
        case .exportPath: "Export to (.csv and .json added): "
        case .tagLabel(let photos): "Label for \(photos == 1 ? "the photo" : "\(photos) photos") (Tab completes): "
        case .tagScientificName(let label): "New label \"\(label)\": scientific name: "
        case .bundleName: "Train a bundle named (saved in bundles/NAME): "
        case .model: "Model (Tab completes; Enter on empty keeps it): "
        case .tagDanger(let label):
            "Danger of \(label) (\(Danger.allCases.map(\.rawValue).joined(separator: ", "))): "
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
    let trimmed = text.trimmingWhitespace()
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
