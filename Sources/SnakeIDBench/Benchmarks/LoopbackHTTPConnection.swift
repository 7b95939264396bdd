import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking HTTP/1.1 keep-alive connection to 127.0.0.1, for the server benchmark's load
/// threads: as little client work as possible, so that the 2 cores go to the server.
///
/// Only what the benchmark needs: one request at a time, responses with `Content-Length`.
final class LoopbackHTTPConnection {
    private let fd: Int32
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var pending: [UInt8] = []

    /// Connects to `127.0.0.1:port`.
    init(port: Int) throws {
        // A server that stops answering fails the request after a minute instead of hanging.
        guard let fd = LoopbackSocket.connect(port: port, receiveTimeoutSeconds: 60) else {
            throw BenchmarkError("cannot connect to 127.0.0.1:\(port): errno \(errno)")
        }
        var noDelay: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    /// Sends a whole request and returns the response's status and body length.
    func exchange(_ request: [UInt8]) throws -> (status: Int, bodyBytes: Int) {
        try sendAll(request)
        let (status, length) = try readHead()
        try readBody(length)
        return (status, length)
    }

    private func sendAll(_ bytes: [UInt8]) throws {
        guard LoopbackSocket.send(fd, bytes) else { throw BenchmarkError("send failed: errno \(errno)") }
    }

    /// Reads up to the blank line; returns the status and `Content-Length`.
    private func readHead() throws -> (Int, Int) {
        var searchFrom = 0
        while true {
            if let end = Self.headerEnd(in: pending, from: searchFrom) {
                let head = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeFirst(end + 4)
                let lines = head.split(separator: "\r\n")
                let statusParts = lines.first?.split(separator: " ") ?? []
                guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
                    throw BenchmarkError("malformed status line")
                }
                var length = 0
                for line in lines.dropFirst() where line.lowercased().hasPrefix("content-length:") {
                    length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
                return (status, length)
            }
            searchFrom = max(0, pending.count - 3)
            try receive()
        }
    }

    private func readBody(_ length: Int) throws {
        while pending.count < length { try receive() }
        pending.removeFirst(length)
    }

    private func receive() throws {
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count < 0, errno == EINTR { return }
        guard count > 0 else { throw BenchmarkError("connection closed by the server, or no answer in 60 s") }
        pending.append(contentsOf: buffer[..<count])
    }

    private static func headerEnd(in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var index = start
        while index + 3 < bytes.count {
            if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13, bytes[index + 3] == 10 {
                return index
            }
            index += 1
        }
        return nil
    }
}
