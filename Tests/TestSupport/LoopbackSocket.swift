import Glibc

/// Plain TCP sockets to 127.0.0.1, shared by the test clients that need more control than an
/// HTTP client gives (raw heads, chunked bodies, a server under test that must not be starved).
public enum LoopbackSocket {
    /// A socket connected to 127.0.0.1:`port` whose reads time out after `receiveTimeoutSeconds`;
    /// nil when the connection fails. The caller closes it.
    public static func connect(port: Int, receiveTimeoutSeconds: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        // A sanitized build runs several times slower, and the whole suite shares 2 cores.
        let seconds = Sanitizer.active == nil ? receiveTimeoutSeconds : receiveTimeoutSeconds * Sanitizer.slowdown
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            close(fd)
            return nil
        }
        return fd
    }

    /// Sends all of `bytes` (retrying interrupted writes, never raising SIGPIPE); false if the
    /// peer has gone.
    @discardableResult
    public static func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let sent = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent < 0, errno == EINTR { continue }
                if sent <= 0 { return false }
                offset += sent
            }
            return true
        }
    }

    /// Reads until the peer closes, the read times out, `done` says the bytes so far are
    /// enough, or `limit` bytes have come.
    public static func receive(_ fd: Int32, limit: Int = 1 << 20, until done: ([UInt8]) -> Bool) -> [UInt8] {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while data.count < limit, !done(data) {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            data += buffer[..<count]
        }
        return data
    }

    /// Whether `bytes` hold a whole request or response head (up to the blank line).
    public static func hasHead(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4
            && bytes.indices.dropLast(3).contains { index in
                bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10
            }
    }
}
