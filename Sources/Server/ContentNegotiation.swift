import Hummingbird

extension Request {
    /// Whether the client prefers an HTML page to JSON: browsers do (they list `text/html`
    /// first), curl and API clients (`*/*`, `application/json` or nothing) do not.
    var prefersHTML: Bool {
        let accept = AcceptHeader(headers[.accept] ?? "")
        return accept.quality(of: "text/html") > accept.quality(of: "application/json")
    }
}

/// A parsed `Accept` header: media ranges with their `q` weights.
struct AcceptHeader {
    private var ranges: [(type: Substring, subtype: Substring, quality: Double)] = []

    init(_ value: String) {
        for item in value.split(separator: ",") {
            let parameters = item.split(separator: ";").map { $0.trimmingWhitespace() }
            guard let media = parameters.first, !media.isEmpty else { continue }
            let pieces = media.lowercased().split(separator: "/", maxSplits: 1)
            guard pieces.count == 2 else { continue }
            var quality = 1.0
            for parameter in parameters.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            ranges.append((pieces[0], pieces[1], quality))
        }
    }

    /// The weight the header gives `mediaType` ("text/html"), from its most specific matching
    /// range; 0 when nothing matches. An empty header accepts everything with weight 1.
    func quality(of mediaType: String) -> Double {
        if ranges.isEmpty { return 1 }
        let pieces = mediaType.split(separator: "/", maxSplits: 1)
        var best: (specificity: Int, quality: Double) = (-1, 0)
        for range in ranges {
            let specificity: Int
            if range.type == pieces[0] && range.subtype == pieces[1] {
                specificity = 2
            } else if range.type == pieces[0] && range.subtype == "*" {
                specificity = 1
            } else if range.type == "*" && range.subtype == "*" {
                specificity = 0
            } else {
                continue
            }
            if specificity > best.specificity { best = (specificity, range.quality) }
        }
        return best.quality
    }
}
