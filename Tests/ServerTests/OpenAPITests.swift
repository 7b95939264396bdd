import Foundation
import Hummingbird
import HummingbirdTesting
import Inference
import TestSupport
import Testing

@testable import Server

/// `/openapi.json` parses and describes exactly the routes the router has (the fake model: no
/// model file needed).
struct OpenAPITests {
    @Test func documentListsEveryRouteOfTheRouter() async throws {
        try await withServer(classifier: FakeClassifier.make()) { client, server in
            let response = try await client.get("/openapi.json")
            #expect(response.status == .ok)
            let document = try response.json
            #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented: Set<String> = []
            for (path, operations) in paths {
                for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
            }
            let routed = Set(server.makeRouter().routes.map { "\($0.method) \($0.path)" })
            #expect(routed.count == 22, "16 SnakeID routes and 6 of the Open Inference Protocol")
            #expect(documented == routed)
        }
    }

    /// The documented `risk` values are exactly the `Risk` cases (issue 18 added `unknown`).
    @Test func riskEnumListsEveryLevel() throws {
        let text = OpenAPIDocument.json(labels: 1000)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let properties = try #require((schemas["Classification"] as? [String: Any])?["properties"] as? [String: Any])
        let values = try #require((properties["risk"] as? [String: Any])?["enum"] as? [String])
        #expect(values == Risk.allCases.map(\.rawValue))
    }

    @Test func everyReferenceResolves() throws {
        let data = Data(OpenAPIDocument.json(labels: 1000).utf8)
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var references: [String] = []
        func collect(_ value: Any) {
            if let object = value as? [String: Any] {
                if let reference = object["$ref"] as? String { references.append(reference) }
                object.values.forEach(collect)
            } else if let array = value as? [Any] {
                array.forEach(collect)
            }
        }
        collect(document)
        #expect(!references.isEmpty)
        for reference in references {
            var node: Any? = document
            for key in reference.dropFirst(2).split(separator: "/") {
                node = (node as? [String: Any])?[String(key)]
            }
            #expect(node != nil, "\(reference) does not resolve")
        }
    }
}
