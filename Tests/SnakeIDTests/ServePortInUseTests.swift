import Foundation
import TestSupport
import Testing

/// `snakeid serve` on a port another program holds says so, and how to choose another.
@Suite("snakeid serve on a busy port (real process, real model)")
struct ServePortInUseTests {
    static let ready = FileManager.default.isExecutableFile(atPath: ProcessRunner.snakeid) && TestPaths.hasModel

    /// A socket listening on a free loopback port, and that port.
    static func listeningSocket() throws -> (descriptor: Int32, port: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && listen(descriptor, 1) == 0
                    && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        try #require(bound, "cannot listen on 127.0.0.1")
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    @Test(.enabled(if: ready, "needs the built snakeid and the model"))
    func aBusyPortIsNamed() throws {
        let (descriptor, port) = try Self.listeningSocket()
        defer { close(descriptor) }
        let result = try ProcessRunner.run(
            ProcessRunner.snakeid, ["serve", "--host", "127.0.0.1", "--port", "\(port)"], timeout: 120)
        #expect(result.status == 1)
        #expect(result.standardError.contains("snakeid: port \(port) is in use; choose another (--port)"))
        #expect(!result.standardError.contains("errno"), "\(result.standardError)")
    }
}
