import Hummingbird

#if canImport(Glibc)
    import Glibc
#endif

/// The parts of a `multipart/form-data` body (RFC 7578 over RFC 2046), parsed strictly from
/// the whole collected body.
///
/// A parser of our own rather than MultipartKit's: MultipartKit 4.7.1 (the newest copy here)
/// indexes a 128-entry table with any header byte and traps on bytes ≥ 0x80, so a 40-byte
/// request could kill the process. Here every byte of a part header is checked before use: a
/// header name must be an RFC 9110 token (a value is any bytes but CR and LF), and any
/// violation is a `400 malformed_body`, never a trap.
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

    /// Most parts one form may hold, and most header bytes one part may have.
    static let maxParts = 64
    static let maxHeaderBytes = 8 << 10

    /// The first part named `name`.
    func part(named name: String) -> Part? {
        parts.first { $0.name == name }
    }

    /// Parses `body` with the `boundary` from the request's `Content-Type`.
    /// - Throws: ``APIError`` `malformed_body` when the body is not valid multipart.
    init(parsing body: ByteBuffer, boundary: String) throws(APIError) {
        // RFC 2046: 1 to 70 characters; be lenient up to 200, but never empty.
        guard !boundary.isEmpty, boundary.utf8.count <= 200 else {
            throw .malformedBody("the multipart boundary is missing or too long")
        }
        // Parsed in place; each part's body is a slice of `body` (no copy).
        let delimiter = Array("--\(boundary)".utf8)
        let parsed = body.withUnsafeReadableBytes { bytes in
            Result { () throws(APIError) -> [Part] in
                try Self.parts(of: bytes, in: body, delimiter: delimiter, boundary: boundary)
            }
        }
        parts = try parsed.get()
    }

    /// The parts of `bytes`, the readable bytes of `body`.
    private static func parts(
        of bytes: UnsafeRawBufferPointer, in body: ByteBuffer, delimiter: [UInt8], boundary: String
    ) throws(APIError) -> [Part] {
        var parts: [Part] = []
        // The first delimiter may open the body; later ones follow a CRLF.
        guard var index = Self.firstDelimiter(delimiter, in: bytes) else {
            throw .malformedBody("the multipart body has no `--\(boundary)` delimiter")
        }
        while true {
            index += delimiter.count
            if Self.hasPrefix([UInt8(ascii: "-"), UInt8(ascii: "-")], in: bytes, at: index) {
                return parts  // the close delimiter; anything after it is epilogue
            }
            // Transport padding, then the CRLF that ends the delimiter line.
            while index < bytes.endIndex, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") {
                index += 1
            }
            guard Self.hasPrefix(Self.crlf, in: bytes, at: index) else {
                throw .malformedBody("a multipart delimiter line does not end with CRLF")
            }
            index += 2
            guard parts.count < Self.maxParts else {
                throw .malformedBody("the multipart body has more than \(Self.maxParts) parts")
            }
            let (headers, bodyStart) = try Self.headers(in: bytes, from: index)
            guard let bodyEnd = Self.find(Self.crlf + delimiter, in: bytes, from: bodyStart) else {
                throw .malformedBody("a multipart part is not closed by `--\(boundary)`")
            }
            let disposition = headers.first { $0.name.lowercased() == "content-disposition" }
            let parameters = disposition.map { Self.parameters(of: $0.value) } ?? [:]
            parts.append(
                Part(
                    name: parameters["name"], filename: parameters["filename"],
                    body: body.getSlice(at: body.readerIndex + bodyStart, length: bodyEnd - bodyStart)!))
            index = bodyEnd + 2
        }
    }

    /// The boundary parameter of a `multipart/form-data` content type, or nil for other types.
    static func boundary(contentType: String) -> String? {
        let parameters = contentType.split(separator: ";").map { $0.trimmingWhitespace() }
        guard parameters.first?.lowercased() == "multipart/form-data" else { return nil }
        for parameter in parameters.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].trimmingWhitespace().lowercased() == "boundary" {
                return Self.unquoted(pair[1].trimmingWhitespace())
            }
        }
        return ""
    }

    /// The `key=value` parameters of a header value such as `form-data; name="file"; filename="a.jpg"`.
    static func parameters(of value: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(value)
        while let semicolon = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semicolon)...].drop { $0 == " " || $0 == "\t" }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingWhitespace().lowercased()
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
                parsed = rest[..<end].trimmingWhitespace()
                rest = rest[end...]
            }
            result[key] = parsed
        }
        return result
    }

    // MARK: Parsing

    private static let crlf: [UInt8] = [13, 10]

    /// One part header.
    private struct Header {
        var name: String
        var value: String
    }

    /// The headers of the part starting at `start`, and where its body starts (after the empty line).
    private static func headers(in bytes: UnsafeRawBufferPointer, from start: Int) throws(APIError) -> ([Header], Int) {
        var headers: [Header] = []
        var index = start
        while true {
            guard index - start <= maxHeaderBytes else {
                throw .malformedBody("a multipart part's headers are longer than \(maxHeaderBytes) bytes")
            }
            guard let lineEnd = find(crlf, in: bytes, from: index), lineEnd - start <= maxHeaderBytes else {
                throw .malformedBody("a multipart part's headers are not closed by an empty line")
            }
            if lineEnd == index { return (headers, lineEnd + 2) }
            headers.append(try header(bytes[index..<lineEnd]))
            index = lineEnd + 2
        }
    }

    /// One `name: value` line, checked byte by byte.
    private static func header(_ line: Slice<UnsafeRawBufferPointer>) throws(APIError) -> Header {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
            throw .malformedBody("a multipart part header has no `name:`")
        }
        let name = line[..<colon]
        guard name.allSatisfy(isTokenCharacter) else {
            throw .malformedBody("a multipart part header name holds a character not allowed in a token")
        }
        // Values are read leniently, as any bytes but CR and LF (which end the line): browsers
        // and generators put raw UTF-8, even control characters, in the names of fields.
        let value = line[line.index(after: colon)...]
        let trimmed = value.drop { $0 == 32 || $0 == 9 }
        return Header(
            name: String(decoding: name, as: UTF8.self),
            value: String(decoding: trimmed, as: UTF8.self).trimmingWhitespace())
    }

    private static let tokenSymbols = Set("!#$%&'*+-.^_`|~".utf8)

    /// RFC 9110 `tchar`: ASCII letters, digits and ``!#$%&'*+-.^_`|~``.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: tokenSymbols.contains(byte)
        }
    }

    /// The first delimiter: at the very start, or after a CRLF (the rest is preamble).
    private static func firstDelimiter(_ delimiter: [UInt8], in bytes: UnsafeRawBufferPointer) -> Int? {
        if hasPrefix(delimiter, in: bytes, at: bytes.startIndex) { return bytes.startIndex }
        return find(crlf + delimiter, in: bytes, from: bytes.startIndex).map { $0 + 2 }
    }

    /// The index of the first occurrence of `pattern` at or after `start`.
    private static func find(_ pattern: [UInt8], in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard !pattern.isEmpty else { return start }
        guard start >= 0, start <= bytes.count, let base = bytes.baseAddress else { return nil }
        return pattern.withUnsafeBytes { needle -> Int? in
            var index = start
            // memchr for the first byte, memcmp for the rest: the body is scanned at memory speed.
            while bytes.count - index >= needle.count,
                let hit = memchr(base + index, Int32(needle[0]), bytes.count - index - needle.count + 1)
            {
                let offset = UnsafeRawPointer(hit) - base
                if memcmp(hit, needle.baseAddress!, needle.count) == 0 { return offset }
                index = offset + 1
            }
            return nil
        }
    }

    private static func hasPrefix(_ pattern: [UInt8], in bytes: UnsafeRawBufferPointer, at index: Int) -> Bool {
        guard index >= 0, bytes.count - index >= pattern.count else { return false }
        return bytes[index..<(index + pattern.count)].elementsEqual(pattern)
    }

    private static func unquoted(_ value: String) -> String {
        value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"")
            ? String(value.dropFirst().dropLast()) : value
    }
}
