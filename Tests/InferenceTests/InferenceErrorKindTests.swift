import Foundation
import Inference
import Testing

/// `InferenceError.Kind` is a struct over codes: its codes, its JSON and its unknown codes.
struct InferenceErrorKindTests {
    @Test(arguments: [
        (InferenceError.Kind.unsupportedFormat, "unsupported_format"), (.corruptImage, "corrupt_image"),
        (.imageTooLarge, "image_too_large"), (.unreadable, "unreadable"), (.invalidURL, "invalid_url"),
        (.unresolvableHost, "unresolvable_host"), (.forbiddenAddress, "forbidden_address"),
        (.downloadTooLarge, "download_too_large"), (.timeout, "timeout"), (.upstream, "upstream"),
        (.model, "model"), (.cancelled, "cancelled"), (.overloaded, "overloaded"),
    ])
    func codeRoundTrips(kind: InferenceError.Kind, code: String) throws {
        #expect(kind.rawValue == code)
        #expect(InferenceError.Kind(rawValue: code) == kind)
        let json = try JSONEncoder().encode([kind])
        #expect(String(decoding: json, as: UTF8.self) == "[\"\(code)\"]")
        #expect(try JSONDecoder().decode([InferenceError.Kind].self, from: json) == [kind])
    }

    @Test func kindsAreDistinctAndUnknownCodesAreNot() {
        #expect(InferenceError.Kind.model != .cancelled)
        #expect(InferenceError.Kind(rawValue: "no_such_kind") == nil)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([InferenceError.Kind].self, from: Data(#"["no_such_kind"]"#.utf8))
        }
    }
}
