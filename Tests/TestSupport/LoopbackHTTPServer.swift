import Foundation
import Glibc

/// The one static HTTP/1.1 server of the tests: 127.0.0.1 on a kernel-chosen port, one thread
/// per connection, `Connection: close`. No other address is ever contacted.
///
/// Routes:
/// - `/redirect?to=URL` answers 302 to the (percent-encoded) URL.
/// - `/redirect-chain/N` answers 302 to `/redirect-chain/N-1`, and 200 at 0.
/// - `/slow?ms=M[&path=P]` waits M milliseconds (default 10 000), then answers 200 with the
///   file P under `root` (or a short text).
/// - `/big?bytes=N` sends N bytes (default 4 MiB); add `&unsized=1` to omit `Content-Length`.
/// - `/status/N` answers with status N.
/// - anything else is a file under `root` (the path percent-decoded), or 404.
public final class LoopbackHTTPServer: @unchecked Sendable {
    /// The directory static files are served from (nil serves none).
    public let root: String?
    private let lock = NSLock()
    private var listener: Int32 = -1
    private var boundPort = 0
    private var stopping = false
    private var targets: [String] = []
    private let finished = DispatchSemaphore(value: 0)

    public init(root: String? = nil) {
        self.root = root
    }

    /// Starts a server for `root` (for async tests; stop it with ``stop()``).
    public static func start(root: String) async throws -> LoopbackHTTPServer {
        let server = LoopbackHTTPServer(root: root)
        try server.start()
        return server
    }

    /// The port the kernel chose (0 before `start()`).
    public var port: Int { lock.withLock { boundPort } }
    /// The request targets (path and query) received so far, in order.
    public var requests: [String] { lock.withLock { targets } }
    private var isStopping: Bool { lock.withLock { stopping } }

    /// `http://127.0.0.1:PORT` followed by `path`.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Binds 127.0.0.1 on a kernel-chosen port and starts accepting connections.
    @discardableResult
    public func start() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 64) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ok else {
            let code = errno
            close(fd)
            throw POSIXError(.init(rawValue: code) ?? .EIO)
        }
        lock.withLock {
            listener = fd
            boundPort = Int(UInt16(bigEndian: address.sin_port))
        }
        Thread.detachNewThread { [self] in acceptLoop(fd) }
        return port
    }

    /// Stops accepting connections; waits for the accept thread, not for open connections.
    public func stop() {
        let fd: Int32 = lock.withLock {
            defer { stopping = true }
            return stopping ? -1 : listener
        }
        guard fd >= 0 else { return }
        shutdown(fd, Int32(SHUT_RDWR))  // wakes accept()
        finished.wait()
        close(fd)
    }

    private func acceptLoop(_ fd: Int32) {
        defer { finished.signal() }
        while !isStopping {
            let connection = accept(fd, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            Thread.detachNewThread { [self] in
                serve(connection)
                close(connection)
            }
        }
    }

    private func serve(_ fd: Int32) {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let request = LoopbackSocket.receive(fd, limit: 65536, until: LoopbackSocket.hasHead)
        let line = String(decoding: request, as: UTF8.self).prefix { $0 != "\r" }
        let parts = line.split(separator: " ")
        guard parts.count >= 2 else { return respond(fd, status: 400, body: Array("bad request".utf8)) }
        let target = String(parts[1])
        lock.withLock { targets.append(target) }
        route(fd, target: target)
    }

    private func route(_ fd: Int32, target: String) {
        let pieces = target.split(separator: "?", maxSplits: 1)
        let path = pieces.first.map { String($0).removingPercentEncoding ?? String($0) } ?? "/"
        var query: [String: String] = [:]
        for pair in (pieces.count > 1 ? pieces[1] : "").split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            query[kv[0]] = kv.count > 1 ? kv[1] : ""
        }
        let components = path.split(separator: "/").map(String.init)
        switch components.first {
        case "redirect":
            respond(fd, status: 302, headers: ["Location": query["to"] ?? "/"], body: [])
        case "redirect-chain" where components.count == 2 && Int(components[1]) != nil:
            let remaining = Int(components[1])!
            if remaining > 0 {
                respond(fd, status: 302, headers: ["Location": "/redirect-chain/\(remaining - 1)"], body: [])
            } else {
                respond(fd, status: 200, body: Array("end of chain".utf8))
            }
        case "slow":
            let deadline = ContinuousClock.now + .milliseconds(Int(query["ms"] ?? "") ?? 10_000)
            while ContinuousClock.now < deadline, !isStopping { usleep(20_000) }
            if let file = query["path"] {
                respondWithFile(fd, path: file)
            } else {
                respond(fd, status: 200, body: Array("slow".utf8))
            }
        case "big":
            let size = Int(query["bytes"] ?? "") ?? 4 << 20
            let body = (0..<size).map { UInt8(truncatingIfNeeded: $0) }
            respond(
                fd, status: 200, headers: ["Content-Type": "application/octet-stream"], body: body,
                sized: query["unsized"] == nil)
        case "status" where components.count == 2 && Int(components[1]) != nil:
            respond(fd, status: Int(components[1])!, body: Array("status \(components[1])".utf8))
        default:
            respondWithFile(fd, path: path)
        }
    }

    private func respondWithFile(_ fd: Int32, path: String) {
        guard let root, !path.split(separator: "/").contains(".."),
            let data = FileManager.default.contents(atPath: root + path)
        else { return respond(fd, status: 404, body: Array("not found".utf8)) }
        respond(fd, status: 200, headers: ["Content-Type": Self.contentType(path)], body: Array(data))
    }

    private func respond(
        _ fd: Int32, status: Int, headers: [String: String] = [:], body: [UInt8], sized: Bool = true
    ) {
        var head = "HTTP/1.1 \(status) \(status < 400 ? "OK" : "Error")\r\nConnection: close\r\n"
        if sized { head += "Content-Length: \(body.count)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        if LoopbackSocket.send(fd, Array(head.utf8)) { LoopbackSocket.send(fd, body) }
    }

    private static func contentType(_ path: String) -> String {
        switch path.split(separator: ".").last?.lowercased() {
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "txt": "text/plain"
        case "html": "text/html; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}
