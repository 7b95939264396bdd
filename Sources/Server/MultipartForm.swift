import Hummingbird
import MultipartKit

/// The parts of a `multipart/form-data` body, parsed with MultipartKit's streaming parser.
struct MultipartForm {
    /// One field of the form.
    struct Part {
        /// The `name` of its `Content-Disposition`.
        var name: String?
        /// The `filename` of its `Content-Disposition`, for file fields.
        var filename: String?
        var body: ByteBuffer
    }

    var parts: [Part] = []

    /// The first part named `name`.
    func part(named name: String) -> Part? {
        parts.first { $0.name == name }
    }

    /// Parses `body` with the `boundary` from the request's `Content-Type`.
    /// - Throws: ``APIError`` `malformed_body` when the body is not valid multipart.
    init(parsing body: ByteBuffer, boundary: String) throws(APIError) {
        guard !boundary.isEmpty, boundary.utf8.count <= 200 else {
            throw .malformedBody("the multipart boundary is missing or too long")
        }
        let collector = Collector()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collector.header(name: name, value: value) }
        parser.onBody = { chunk in collector.body.writeBuffer(&chunk) }
        parser.onPartComplete = { collector.completePart() }
        do {
            try parser.execute(body)
        } catch {
            throw .malformedBody("the multipart/form-data body is malformed")
        }
        parts = collector.parts
    }

    /// The boundary parameter of a `multipart/form-data` content type, or nil for other types.
    static func boundary(contentType: String) -> String? {
        let parameters = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parameters.first?.lowercased() == "multipart/form-data" else { return nil }
        for parameter in parameters.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" {
                return Self.unquoted(pair[1].trimmingCharacters(in: .whitespaces))
            }
        }
        return ""
    }

    /// Accumulates parser callbacks into parts.
    private final class Collector {
        var parts: [Part] = []
        var body = ByteBuffer()
        var name: String?
        var filename: String?

        func header(name headerName: String, value: String) {
            guard headerName.lowercased() == "content-disposition" else { return }
            let parameters = MultipartForm.parameters(of: value)
            name = parameters["name"]
            filename = parameters["filename"]
        }

        func completePart() {
            parts.append(Part(name: name, filename: filename, body: body))
            body = ByteBuffer()
            name = nil
            filename = nil
        }
    }

    /// The `key=value` parameters of a header value such as `form-data; name="file"; filename="a.jpg"`.
    static func parameters(of value: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(value)
        while let semicolon = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semicolon)...].drop { $0 == " " || $0 == "\t" }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...]
            var parsed = ""
            if rest.first == "\"" {
                // A quoted string: runs to the next unescaped quote.
                var index = rest.index(after: rest.startIndex)
                while index < rest.endIndex, rest[index] != "\"" {
                    if rest[index] == "\\", rest.index(after: index) < rest.endIndex {
                        index = rest.index(after: index)
                    }
                    parsed.append(rest[index])
                    index = rest.index(after: index)
                }
                rest = index < rest.endIndex ? rest[rest.index(after: index)...] : rest[rest.endIndex...]
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                parsed = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            result[key] = parsed
        }
        return result
    }

    private static func unquoted(_ value: String) -> String {
        value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"")
            ? String(value.dropFirst().dropLast()) : value
    }
}
