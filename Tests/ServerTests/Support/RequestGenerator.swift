import Foundation
import HTTPTypes
import TestSupport

/// Builds random and mutated requests for the generated-input tests: valid requests first, then
/// damaged the ways a fuzzer or an attacker damages them (flipped, inserted, deleted and
/// duplicated bytes, high and control bytes in headers, truncation).
enum RequestGenerator {
    /// Small valid images to start from (a JPEG and a PNG made here).
    static let images: [[UInt8]] = {
        let pixels = SyntheticImages.gradient(width: 24, height: 16)
        return [
            (try? SyntheticImages.jpeg(pixels: pixels, width: 24, height: 16)) ?? [],
            (try? SyntheticImages.png(pixels: pixels, width: 24, height: 16)) ?? [],
        ]
    }()

    /// A multipart body, valid or mutated, and the boundary it was built with.
    static func multipartBody(using generator: inout SeededGenerator) throws -> ([UInt8], String) {
        let boundary = randomToken(length: Int.random(in: 1...40, using: &generator), using: &generator)
        var body: [UInt8] = []
        if Bool.random(using: &generator) { body += Array("preamble\r\n".utf8) }
        for index in 0..<Int.random(in: 1...3, using: &generator) {
            body += Array("--\(boundary)\r\n".utf8)
            let name = index == 0 ? "file" : ["file", "other", ""].randomElement(using: &generator)!
            body += Array("Content-Disposition: form-data; name=\"\(name)\"; filename=\"a.jpg\"\r\n".utf8)
            if Bool.random(using: &generator) { body += Array("Content-Type: image/jpeg\r\n".utf8) }
            if Int.random(in: 0..<4, using: &generator) == 0 { body += randomHeaderLine(using: &generator) }
            body += Array("\r\n".utf8)
            body += images.randomElement(using: &generator)!
            body += Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        // Half stay valid (they must be classified), half are damaged.
        if Bool.random(using: &generator) { mutate(&body, using: &generator) }
        return (body, boundary)
    }

    /// A Content-Type for a multipart request: usually right, sometimes wrong or damaged.
    static func contentType(boundary: String, using generator: inout SeededGenerator) -> String? {
        switch Int.random(in: 0..<10, using: &generator) {
        case 0: return nil
        case 1: return "multipart/form-data"
        case 2: return "multipart/form-data; boundary=\"\(boundary)\""
        case 3: return "multipart/form-data; boundary=" + randomText(using: &generator)
        case 4: return randomText(using: &generator)
        default: return "multipart/form-data; boundary=\(boundary)"
        }
    }

    /// Any route, any method, random query strings, content types and bodies.
    static func anyRequest(using generator: inout SeededGenerator) throws -> GeneratedRequest {
        let query = Bool.random(using: &generator) ? "?" + randomQuery(using: &generator) : ""
        switch Int.random(in: 0..<8, using: &generator) {
        case 0:
            return GeneratedRequest(method: .get, uri: "/classify-url" + query, contentType: nil, body: [])
        case 1:
            // Only loopback URLs, refused before any connection; mutated ones start from a scheme
            // the fetcher refuses, so that no mutation can make a URL to another host.
            var body = Array(#"{"url": "http://127.0.0.1:1/x.jpg", "top": 3}"#.utf8)
            if Bool.random(using: &generator) {
                body = Array(#"{"url": "snake://127.0.0.1:1/x.jpg", "top": 3}"#.utf8)
                mutate(&body, using: &generator)
            }
            return GeneratedRequest(
                method: .post, uri: "/v1/classify-url" + query, contentType: "application/json", body: body)
        case 2, 3:
            var body = images.randomElement(using: &generator)!
            if Bool.random(using: &generator) { mutate(&body, using: &generator) }
            let contentType = Bool.random(using: &generator) ? "image/jpeg" : randomText(using: &generator)
            return GeneratedRequest(method: .post, uri: "/v1/classify" + query, contentType: contentType, body: body)
        case 4:
            let (body, boundary) = try multipartBody(using: &generator)
            return GeneratedRequest(
                method: .post, uri: "/upload" + query, contentType: contentType(boundary: boundary, using: &generator),
                body: body)
        case 5:
            let path = ["/", "/form", "/v1/model", "/healthz", "/readyz", "/metrics", "/openapi.json"]
                .randomElement(using: &generator)!
            return GeneratedRequest(method: .get, uri: path + query, contentType: nil, body: [])
        case 6:
            let method = ([.put, .delete, .patch, .options, .head, .get, .post] as [HTTPRequest.Method]).randomElement(
                using: &generator)!
            let path = "/" + randomToken(length: Int.random(in: 0...20, using: &generator), using: &generator)
            return GeneratedRequest(
                method: method, uri: path + query, contentType: nil, body: randomBytes(using: &generator))
        default:
            return GeneratedRequest(
                method: .post, uri: "/v1/classify" + query, contentType: nil, body: randomBytes(using: &generator))
        }
    }

    /// Damages `bytes` in 1–8 random ways.
    static func mutate(_ bytes: inout [UInt8], using generator: inout SeededGenerator) {
        for _ in 0..<Int.random(in: 1...8, using: &generator) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<7, using: &generator) {
            case 0 where !bytes.isEmpty: bytes[position] = UInt8.random(in: 0...255, using: &generator)
            case 1: bytes.insert(contentsOf: randomBytes(maxCount: 8, using: &generator), at: position)
            case 2 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...64, using: &generator))
                bytes.removeSubrange(position..<end)
            case 3:
                bytes.insert(
                    contentsOf: [[13, 10], [13], [10], Array("--".utf8), [13, 10, 13, 10]].randomElement(
                        using: &generator)!, at: position)
            case 4 where !bytes.isEmpty: bytes.removeSubrange(position...)  // truncation
            case 5 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...32, using: &generator))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            default: bytes.insert(UInt8.random(in: 0x80...0xFF, using: &generator), at: position)
            }
        }
    }

    static func randomHeaderLine(using generator: inout SeededGenerator) -> [UInt8] {
        randomBytes(maxCount: 12, using: &generator) + Array(": ".utf8) + randomBytes(maxCount: 12, using: &generator)
            + [13, 10]
    }

    static func randomQuery(using generator: inout SeededGenerator) -> String {
        let keys = ["top", "url", "format", "", "top[]", randomToken(length: 3, using: &generator)]
        let values = [
            "5", "0", "-1", "1001", "99999999999999999999", "1e3", "%", "%zz", "%00", "%ff%fe", "http://[::1]/",
            "http://127.0.0.1:1/", "file:///etc/passwd", "gopher://x", randomText(using: &generator),
        ]
        return (0..<Int.random(in: 1...3, using: &generator)).map { _ in
            let key = keys.randomElement(using: &generator)!
            let value = values.randomElement(using: &generator)!
            return Bool.random(using: &generator) ? "\(key)=\(value)" : key
        }.joined(separator: ["&", ";", "&&"].randomElement(using: &generator)!)
    }

    static func randomBytes(maxCount: Int = 300, using generator: inout SeededGenerator) -> [UInt8] {
        (0..<Int.random(in: 0...maxCount, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// Printable text with the odd high or control character.
    static func randomText(using generator: inout SeededGenerator) -> String {
        let scalars = (0..<Int.random(in: 0...30, using: &generator)).map { _ -> Character in
            switch Int.random(in: 0..<10, using: &generator) {
            case 0: Character(UnicodeScalar(UInt8.random(in: 0x80...0xFF, using: &generator)))
            case 1: Character(UnicodeScalar(UInt8.random(in: 1...31, using: &generator)))
            default: Character(UnicodeScalar(UInt8.random(in: 32...126, using: &generator)))
            }
        }
        return String(scalars)
    }

    static func randomToken(length: Int, using generator: inout SeededGenerator) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'()+_,-./:=?")
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
