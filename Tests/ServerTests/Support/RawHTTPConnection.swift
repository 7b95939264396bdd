import Foundation

#if canImport(Glibc)
    import Glibc
    private let streamSocket = Int32(SOCK_STREAM.rawValue)
    private let sendFlags = Int32(MSG_NOSIGNAL)
#elseif canImport(Darwin)
    import Darwin
    private let streamSocket = SOCK_STREAM
    private let sendFlags: Int32 = 0
#endif

/// A plain socket to 127.0.0.1 for what the test client cannot do: send the head of a request
/// alone (to see `100 Continue`) or stream a chunked body.
///
/// Its calls block, so tests make them through ``offThePool(_:)``: a blocked thread of Swift's
/// cooperative pool could starve the in-process server under test.
final class RawHTTPConnection: @unchecked Sendable {
    private let fd: Int32
    private var received: [UInt8] = []

    init(port: Int) throws {
        fd = socket(AF_INET, streamSocket, 0)
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard fd >= 0, connected else { throw TestFailure("cannot connect to 127.0.0.1:\(port)") }
    }

    deinit {
        close(fd)
    }

    /// Sends `bytes`; false if the peer has gone.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let sent = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, sendFlags)
                if sent <= 0 { return false }
                offset += sent
            }
            return true
        }
    }

    func send(_ text: String) {
        send(Array(text.utf8))
    }

    /// Reads the next response head (status line and headers); nil on timeout or close.
    func readHead() -> String? {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let end = received.indices.dropLast(3).first(where: { index in
                received[index] == 13 && received[index + 1] == 10 && received[index + 2] == 13
                    && received[index + 3] == 10
            }) {
                let head = String(decoding: received[..<end], as: UTF8.self)
                received.removeFirst(end + 4)
                return head
            }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            received += buffer[..<count]
        }
    }
}

/// Runs blocking `work` on a Dispatch thread instead of the cooperative pool.
func offThePool<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
