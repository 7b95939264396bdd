import Foundation

#if canImport(Glibc)
    import Glibc
    private let streamSocket = Int32(SOCK_STREAM.rawValue)
    private let sendFlags = Int32(MSG_NOSIGNAL)  // a closed peer must not raise SIGPIPE
#elseif canImport(Darwin)
    import Darwin
    private let streamSocket = SOCK_STREAM
    private let sendFlags: Int32 = 0
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
        fd = socket(AF_INET, streamSocket, 0)
        guard fd >= 0 else { throw LoadError("socket() failed: errno \(errno)") }
        var noDelay: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            close(fd)
            throw LoadError("cannot connect to 127.0.0.1:\(port): errno \(errno)")
        }
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
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let sent = send(fd, raw.baseAddress! + offset, raw.count - offset, sendFlags)
                if sent < 0, errno == EINTR { continue }
                guard sent > 0 else { throw LoadError("send failed: errno \(errno)") }
                offset += sent
            }
        }
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
                    throw LoadError("malformed status line")
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
        guard count > 0 else { throw LoadError("connection closed by the server") }
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

/// A load-generation failure.
struct LoadError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
