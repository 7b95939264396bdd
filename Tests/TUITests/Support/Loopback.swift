import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
    private let streamSocket = Int32(SOCK_STREAM.rawValue)
#endif

/// A static file server on 127.0.0.1 (kernel-chosen port) for the URL prompt tests: GET only,
/// one request per connection.
final class StaticFileServer: @unchecked Sendable {
    let root: String
    private(set) var port: UInt16 = 0
    private var listener: Int32 = -1
    private let lock = NSLock()
    private var served: [String] = []

    init(root: String) {
        self.root = root
    }

    /// The paths requested so far.
    var requests: [String] { lock.withLock { served } }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    func start() throws {
        let (fd, port) = try Loopback.listen()
        listener = fd
        self.port = port
        Thread.detachNewThread { [self] in
            while true {
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
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func serve(_ fd: Int32) {
        let request = Loopback.receive(fd, until: { String(decoding: $0, as: UTF8.self).contains("\r\n\r\n") })
        let line = String(decoding: request, as: UTF8.self).prefix { $0 != "\r" }
        let parts = line.split(separator: " ")
        guard parts.count >= 2 else { return }
        let path = String(parts[1]).removingPercentEncoding ?? String(parts[1])
        lock.withLock { served.append(path) }
        guard !path.contains(".."), let data = FileManager.default.contents(atPath: root + path) else {
            Loopback.send(fd, Array("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8))
            return
        }
        let head =
            "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: \(data.count)\r\nConnection: close\r\n\r\n"
        Loopback.send(fd, Array(head.utf8) + Array(data))
    }
}

/// Plain sockets on 127.0.0.1.
enum Loopback {
    struct Failure: Error {
        var reason: String
    }

    /// A listening socket on 127.0.0.1 and its port.
    static func listen() throws -> (Int32, UInt16) {
        let fd = socket(AF_INET, streamSocket, 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && Glibc.listen(fd, 16) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard fd >= 0, ok else { throw Failure(reason: "cannot listen on 127.0.0.1") }
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    /// One HTTP/1.1 request to 127.0.0.1:`port`; returns the status code and the body.
    static func request(port: Int, method: String, path: String, body: [UInt8] = [], contentType: String = "image/jpeg")
        throws -> (status: Int, body: String)
    {
        guard let fd = LoopbackSocket.connect(port: port, receiveTimeoutSeconds: 30) else {
            throw Failure(reason: "cannot connect to port \(port)")
        }
        defer { close(fd) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if !body.isEmpty || method == "POST" {
            head += "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n"
        }
        send(fd, Array((head + "\r\n").utf8) + body)
        let response = String(decoding: receive(fd, until: { _ in false }), as: UTF8.self)
        guard let statusLine = response.split(separator: "\r\n").first, statusLine.split(separator: " ").count >= 2,
            let status = Int(statusLine.split(separator: " ")[1])
        else { throw Failure(reason: "no HTTP response") }
        let payload = response.range(of: "\r\n\r\n").map { String(response[$0.upperBound...]) } ?? ""
        return (status, payload)
    }

    static func send(_ fd: Int32, _ bytes: [UInt8]) {
        LoopbackSocket.send(fd, bytes)
    }

    /// Reads until the peer closes, `done` says so, or 1 MiB.
    static func receive(_ fd: Int32, until done: ([UInt8]) -> Bool) -> [UInt8] {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while data.count < 1 << 20, !done(data) {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            data += buffer[..<count]
        }
        return data
    }
}
