import Foundation
import Glibc
import TestSupport

/// The URL prompt tests' file server: the test kit's loopback server.
typealias StaticFileServer = LoopbackHTTPServer

/// Plain requests to a server on 127.0.0.1.
enum Loopback {
    struct Failure: Error {
        var reason: String
    }

    /// One HTTP/1.1 request to 127.0.0.1:`port`; returns the status code and the body.
    static func request(
        port: Int, method: String, path: String, body: [UInt8] = [], contentType: String = "image/jpeg",
        headers: [String: String] = [:]
    ) throws -> (status: Int, body: String) {
        guard let fd = LoopbackSocket.connect(port: port, receiveTimeoutSeconds: 30) else {
            throw Failure(reason: "cannot connect to port \(port)")
        }
        defer { close(fd) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" {
            head += "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n"
        }
        LoopbackSocket.send(fd, Array((head + "\r\n").utf8) + body)
        let response = String(decoding: LoopbackSocket.receive(fd, until: { _ in false }), as: UTF8.self)
        guard let statusLine = response.split(separator: "\r\n").first, statusLine.split(separator: " ").count >= 2,
            let status = Int(statusLine.split(separator: " ")[1])
        else { throw Failure(reason: "no HTTP response") }
        let payload = response.range(of: "\r\n\r\n").map { String(response[$0.upperBound...]) } ?? ""
        return (status, payload)
    }
}
