import Foundation
import Inference
import TestSupport
import Testing

/// URLFetcher against a LoopbackHTTPServer the test starts; no other address is ever contacted.
@Suite struct URLFetcherTests {
    static let image: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + (0..<3000).map { UInt8($0 % 251) }

    /// A directory holding `snake.png`, made once per run.
    static let root: String = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("snakeid-fetch-\(getpid())")
        try! FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try! Data(image).write(to: root.appendingPathComponent("snake.png"))
        return root.path
    }()

    /// A started server serving `root`; the caller stops it.
    private func startServer() throws -> LoopbackHTTPServer {
        let server = LoopbackHTTPServer(root: Self.root)
        try server.start()
        return server
    }

    private func local(_ limits: URLFetcher.Limits = .init()) -> URLFetcher {
        var limits = limits
        limits.allowPrivateAddresses = true
        return URLFetcher(limits: limits)
    }

    /// The error a fetch fails with, or nil when it succeeds.
    private func failure(_ fetcher: URLFetcher, _ url: String) async -> InferenceError? {
        do {
            _ = try await fetcher.fetch(url)
            return nil
        } catch {
            return error
        }
    }

    @Test func fetchesAFileWhenPrivateAddressesAreAllowed() async throws {
        let server = try startServer()
        defer { server.stop() }
        let url = server.url("/snake.png")
        let received = ProgressLog()
        let resource = try await local().fetch(url) { bytes, _ in received.record(bytes) }
        #expect(resource.bytes == Self.image)
        #expect(resource.contentType == "image/png")
        #expect(resource.httpStatus == 200)
        #expect(resource.finalURL == url)
        #expect(received.maximum == Int64(Self.image.count))
    }

    @Test func fetchBlockingFollowsARedirect() throws {
        let server = try startServer()
        defer { server.stop() }
        let target = server.url("/snake.png")
        let resource = try local().fetchBlocking(server.url("/redirect?to=\(target)"))
        #expect(resource.bytes == Self.image)
        #expect(resource.finalURL == target)
    }

    @Test func refusesLoopbackByDefaultBeforeConnecting() async throws {
        let server = try startServer()
        defer { server.stop() }
        let url = server.url("/snake.png")
        let error = await failure(URLFetcher(), url)
        #expect(error?.kind == .forbiddenAddress)
        #expect(error?.source == url)
        #expect(error?.reason == "refused to connect to 127.0.0.1 (loopback or private address)")
        #expect(server.requests.isEmpty)
    }

    @Test(arguments: ["localhost", "[::ffff:127.0.0.1]", "127.1", "2130706433", "0.0.0.0"])
    func refusesOtherSpellingsOfLoopback(host: String) async throws {
        let server = try startServer()
        defer { server.stop() }
        let error = await failure(URLFetcher(), "http://\(host):\(server.port)/snake.png")
        #expect(error?.kind == .forbiddenAddress)
        #expect(server.requests.isEmpty)
    }

    @Test func refusesARedirectToAPrivateAddress() async throws {
        let server = try startServer()
        defer { server.stop() }
        // Every target is this server, so even a broken guard would contact nothing else.
        let target = "http://[::ffff:127.0.0.1]:\(server.port)/snake.png"
        let error = await failure(URLFetcher(), server.url("/redirect?to=\(target)"))
        #expect(error?.kind == .forbiddenAddress)
        #expect(server.requests.isEmpty)
    }

    @Test func refusesARedirectToAnotherScheme() async throws {
        let server = try startServer()
        defer { server.stop() }
        // curl's default would follow ftp; the target is this server, so nothing else is contacted.
        let fetcher = local(.init(totalTimeout: .seconds(2)))
        let error = await failure(fetcher, server.url("/redirect?to=ftp://127.0.0.1:\(server.port)/snake.png"))
        #expect(error?.kind == .invalidURL)
        #expect(await failure(fetcher, server.url("/redirect?to=file:///etc/passwd"))?.kind == .invalidURL)
    }

    @Test func limitsRedirects() async throws {
        let server = try startServer()
        defer { server.stop() }
        let fetcher = local(.init(maxRedirects: 5))
        let resource = try await fetcher.fetch(server.url("/redirect-chain/5"))
        #expect(resource.bytes == Array("end of chain".utf8))
        let error = await failure(fetcher, server.url("/redirect-chain/6"))
        #expect(error?.kind == .upstream)
        #expect(error?.reason.contains("too many redirects") == true)
    }

    /// A host name that does not resolve is the user's input (a 4xx in the API), not a failing
    /// upstream. `.invalid` is reserved: it never resolves (RFC 6761).
    @Test func anUnresolvableHostIsTheUsersError() async {
        let error = await failure(local(), "http://no-such-host.invalid/snake.jpg")
        #expect(error?.kind == .unresolvableHost, "\(error?.description ?? "no error")")
    }

    @Test(arguments: ["ftp://127.0.0.1:1/snake.png", "file:///etc/passwd", "not a url", "", "http//x"])
    func rejectsOtherSchemesAndMalformedURLs(url: String) async {
        let error = await failure(local(), url)
        #expect(error?.kind == .invalidURL)
        #expect(error?.source == url)
    }

    @Test(arguments: ["", "&unsized=1"])
    func capsTheBody(variant: String) async throws {
        let server = try startServer()
        defer { server.stop() }
        let fetcher = local(.init(maxBytes: 100_000))
        let exact = try await fetcher.fetch(server.url("/big?bytes=100000\(variant)"))
        #expect(exact.bytes.count == 100_000)
        let error = await failure(fetcher, server.url("/big?bytes=100001\(variant)"))
        #expect(error?.kind == .downloadTooLarge)
    }

    @Test func timesOut() async throws {
        let server = try startServer()
        defer { server.stop() }
        let start = ContinuousClock.now
        let error = await failure(local(.init(totalTimeout: .milliseconds(500))), server.url("/slow"))
        #expect(error?.kind == .timeout)
        if TimingChecks.enabled { #expect(ContinuousClock.now - start < .seconds(3)) }
    }

    @Test func reportsHTTPErrors() async throws {
        let server = try startServer()
        defer { server.stop() }
        let error = await failure(local(), server.url("/status/404"))
        #expect(error?.kind == .upstream)
        #expect(error?.reason.contains("404") == true)
    }

    @Test func progressCanCancel() throws {
        let server = try startServer()
        defer { server.stop() }
        #expect(throws: InferenceError.self) {
            _ = try local().fetchBlocking(server.url("/big")) { _, _ in false }
        }
        do {
            _ = try local().fetchBlocking(server.url("/big")) { received, _ in received < 100_000 }
            Issue.record("expected cancellation")
        } catch {
            #expect(error.kind == .cancelled)
        }
    }

    @Test func taskCancellationStopsTheDownload() async throws {
        let server = try startServer()
        defer { server.stop() }
        let url = server.url("/slow?ms=20000")
        let start = ContinuousClock.now
        let fetcher = local()
        let task = Task { try await fetcher.fetch(url) }
        // Cancelled while the download is under way: the server holds the request by then. The
        // suite's usual deadline, not 30 s: under ThreadSanitizer, synchronous tests running
        // beside this one (parity, corrupt files) hold both threads of the cooperative pool for
        // tens of seconds, and the fetch's task cannot start until one is free.
        try await Eventually.wait(until: "the server received the request") {
            server.requests.contains { $0.hasPrefix("/slow") }
        }
        task.cancel()
        let result = await task.result
        #expect((result.failure as? InferenceError)?.kind == .cancelled)
        if TimingChecks.enabled { #expect(ContinuousClock.now - start < .seconds(5)) }
    }

    @Test(arguments: [
        ("127.0.0.1", true), ("10.1.2.3", true), ("172.16.0.1", true), ("172.31.255.255", true),
        ("172.32.0.1", false), ("192.168.1.1", true), ("169.254.169.254", true), ("100.64.0.1", true),
        ("100.128.0.1", false), ("224.0.0.1", true), ("255.255.255.255", true), ("0.0.0.0", true),
        ("8.8.8.8", false), ("::1", true), ("::", true), ("fe80::1", true), ("fe80::1%eth0", true),
        ("fc00::1", true), ("fd12:3456::1", true), ("ff02::1", true), ("::ffff:127.0.0.1", true),
        ("::ffff:10.0.0.1", true), ("::ffff:8.8.8.8", false), ("2001:4860:4860::8888", false),
        ("not an address", true),
    ])
    func addressPolicy(address: String, forbidden: Bool) {
        #expect(URLFetcher.isForbiddenAddress(address) == forbidden)
    }

    @Test func recognisesRemoteURLs() {
        #expect(URLFetcher.isRemoteURL("https://example.com/a.jpg"))
        #expect(URLFetcher.isRemoteURL("HTTP://example.com"))
        #expect(!URLFetcher.isRemoteURL("http://"))
        #expect(!URLFetcher.isRemoteURL("photos/http.jpg"))
        #expect(!URLFetcher.isRemoteURL("ftp://example.com/a.jpg"))
    }
}

/// The largest `received` a progress callback saw.
private final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int64 = 0
    var maximum: Int64 { lock.withLock { value } }
    func record(_ received: Int64) { lock.withLock { value = max(value, received) } }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { error } else { nil }
    }
}
