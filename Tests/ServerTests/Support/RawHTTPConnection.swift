import Foundation
import Glibc
import TestSupport

/// A plain socket to 127.0.0.1 for what the test client cannot do: send the head of a request
/// alone (to see `100 Continue`) or stream a chunked body.
///
/// Its calls block, so tests make them through ``offThePool(_:)``: a blocked thread of Swift's
/// cooperative pool could starve the in-process server under test.
final class RawHTTPConnection: @unchecked Sendable {
    private let fd: Int32
    private var received: [UInt8] = []

    init(port: Int, receiveTimeoutSeconds: Int = 10) throws {
        guard let fd = LoopbackSocket.connect(port: port, receiveTimeoutSeconds: receiveTimeoutSeconds) else {
            throw TestFailure("cannot connect to 127.0.0.1:\(port)")
        }
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    /// Sends `bytes`; false if the peer has gone.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        LoopbackSocket.send(fd, bytes)
    }

    func send(_ text: String) {
        send(Array(text.utf8))
    }

    /// Closes the sending side: the server sees the end of the request stream.
    func finishSending() {
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Everything the server sends until it closes the connection or the read times out, and
    /// whether it closed.
    func readToEnd() -> (bytes: [UInt8], closed: Bool) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        var closed = false
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { closed = true }
            guard count > 0 else { break }
            received += buffer[..<count]
        }
        defer { received = [] }
        return (received, closed)
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
