import Foundation

#if canImport(Glibc)
    import Glibc
    private let streamSocket = Int32(SOCK_STREAM.rawValue)
    private let sendFlags = Int32(MSG_NOSIGNAL)  // a vanished peer must not raise SIGPIPE
#elseif canImport(Darwin)
    import Darwin
    private let streamSocket = SOCK_STREAM
    private let sendFlags: Int32 = 0
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for tests, one thread per connection, `Connection: close`.
///
/// Routes:
/// - `/redirect?to=URL` answers 302 to the (percent-encoded) URL.
/// - `/redirect-chain/N` answers 302 to `/redirect-chain/N-1`, and 200 at 0.
/// - `/slow?ms=M` waits M milliseconds (default 10 000) before answering 200.
/// - `/big?bytes=N` sends N bytes (default 4 MiB); add `&unsized=1` to omit `Content-Length`.
/// - `/status/N` answers with status N.
/// - anything else is a file under `root`, or 404.
final class LoopbackHTTPServer: @unchecked Sendable {
    /// The directory static files are served from (nil serves none).
    let root: String?
    private let lock = NSLock()
    private var listener: Int32 = -1
    private var boundPort: UInt16 = 0
    private var stopping = false
    private var paths: [String] = []
    private let finished = DispatchSemaphore(value: 0)

    init(root: String? = nil) {
        self.root = root
    }

    /// The port the kernel chose (0 before `start()`).
    var port: UInt16 { lock.withLock { boundPort } }
    /// The request targets received so far, in order.
    var requests: [String] { lock.withLock { paths } }
    private var isStopping: Bool { lock.withLock { stopping } }

    /// `http://127.0.0.1:PORT` followed by `path`.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Binds 127.0.0.1 on a kernel-chosen port and starts accepting connections.
    @discardableResult
    func start() throws -> UInt16 {
        let fd = socket(AF_INET, streamSocket, 0)
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
            boundPort = UInt16(bigEndian: address.sin_port)
        }
        Thread.detachNewThread { [self] in acceptLoop(fd) }
        return port
    }

    /// Stops accepting connections; waits for the accept thread, not for open connections.
    func stop() {
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
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while request.count < 65536, !String(decoding: request, as: UTF8.self).contains("\r\n\r\n") {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return }
            request += buffer[..<count]
        }
        let line = String(decoding: request, as: UTF8.self).prefix { $0 != "\r" }
        let parts = line.split(separator: " ")
        guard parts.count >= 2 else { return respond(fd, status: 400, body: Array("bad request".utf8)) }
        let target = String(parts[1])
        lock.withLock { paths.append(target) }
        route(fd, target: target)
    }

    private func route(_ fd: Int32, target: String) {
        let pieces = target.split(separator: "?", maxSplits: 1)
        let path = pieces.first.map(String.init) ?? "/"
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
            respond(fd, status: 200, body: Array("slow".utf8))
        case "big":
            let size = Int(query["bytes"] ?? "") ?? 4 << 20
            let body = (0..<size).map { UInt8(truncatingIfNeeded: $0) }
            respond(
                fd, status: 200, headers: ["Content-Type": "application/octet-stream"], body: body,
                sized: query["unsized"] == nil)
        case "status" where components.count == 2 && Int(components[1]) != nil:
            respond(fd, status: Int(components[1])!, body: Array("status \(components[1])".utf8))
        default:
            guard let root, !components.contains(".."), let data = FileManager.default.contents(atPath: root + path)
            else { return respond(fd, status: 404, body: Array("not found".utf8)) }
            respond(fd, status: 200, headers: ["Content-Type": Self.contentType(path)], body: Array(data))
        }
    }

    private func respond(
        _ fd: Int32, status: Int, headers: [String: String] = [:], body: [UInt8], sized: Bool = true
    ) {
        var head = "HTTP/1.1 \(status) \(status < 400 ? "OK" : "Error")\r\nConnection: close\r\n"
        if sized { head += "Content-Length: \(body.count)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        if sendAll(fd, Array(head.utf8)) { _ = sendAll(fd, body) }
    }

    /// Sends all of `bytes`; false when the peer went away (no SIGPIPE).
    private func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let sent = send(fd, raw.baseAddress! + offset, min(65536, raw.count - offset), sendFlags)
                if sent < 0, errno == EINTR { continue }
                if sent <= 0 { return false }
                offset += sent
            }
            return true
        }
    }

    private static func contentType(_ path: String) -> String {
        switch path.split(separator: ".").last?.lowercased() {
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "txt": "text/plain"
        default: "application/octet-stream"
        }
    }
}
