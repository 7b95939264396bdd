import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import Server

/// Debian's chromium, when installed.
private let chromiumPath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

/// A page from another loopback origin calls the API from a real browser (Debian's headless
/// chromium): with `--cors-origin` for that origin it gets the prediction (a preflighted POST
/// with an API key), without it the browser refuses the answer.
@Suite(.enabled(if: chromiumPath != nil, "needs chromium (apt-get install chromium; make deps does)"))
struct BrowserCORSTests {
    static let key = "browser-test-key"

    @Test func thePageGetsThePredictionOnlyWithTheOriginAllowed() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("snakeid-cors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pages = try await StaticImageServer.start(root: folder.path)
        defer { Task { await pages.stop() } }
        let pageOrigin = "http://127.0.0.1:\(pages.port)"
        for allowed in [true, false] {
            var configuration = ServerConfiguration(port: 0)
            configuration.apiKeys = try APIKeySet(keys: [Self.key])
            if allowed { configuration.corsOrigins = ["https://elsewhere.example", pageOrigin] }
            let text = try await withServer(configuration, classifier: FakeClassifier.make()) { _, server in
                let port = try #require(server.address?.port)
                let page = "page-\(allowed).html"
                try Self.page(apiPort: port).write(
                    to: folder.appendingPathComponent(page), atomically: true, encoding: .utf8)
                return try await Self.dumpDOM(
                    of: pages.url("/\(page)"), profile: folder.appendingPathComponent("profile-\(allowed)").path)
            }
            // What the script wrote into the page (its source holds both words).
            let output = text.firstMatch(of: /<pre id="out">([^<]*)<\/pre>/).map { String($0.1) } ?? text
            if allowed {
                #expect(output == "RESULT snake fake", "\(text.suffix(400))")
            } else {
                #expect(output.hasPrefix("REFUSED"), "\(text.suffix(400))")
            }
        }
    }

    /// A page that posts a PNG to the API with the key and writes what it got.
    static func page(apiPort: Int) throws -> String {
        let png = FakeModels.png
        return """
            <!doctype html><html><body><pre id="out">PENDING</pre><script>
            const bytes = Uint8Array.from(atob("\(Data(png).base64EncodedString())"), c => c.charCodeAt(0));
            fetch("http://127.0.0.1:\(apiPort)/v1/classify", {method: "POST",
                headers: {"Content-Type": "image/png", "Authorization": "Bearer \(key)"}, body: bytes})
              .then(r => r.json())
              .then(j => { document.getElementById("out").textContent = "RESULT " + j.verdict + " " + j.model; })
              .catch(e => { document.getElementById("out").textContent = "REFUSED " + e; });
            </script></body></html>
            """
    }

    /// The page's DOM once its scripts and requests are done, off the test's threads.
    static func dumpDOM(of url: String, profile: String) async throws -> String {
        let chromium = try #require(chromiumPath)
        let arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--user-data-dir=\(profile)", "--virtual-time-budget=20000", "--dump-dom", url,
        ]
        let result = try await offThePool { try ProcessRunner.run(chromium, arguments, timeout: 120) }
        try #require(result.status == 0, "chromium exited \(result.status): \(result.standardError.suffix(800))")
        return result.standardOutput
    }
}
