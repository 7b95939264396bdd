import Foundation
import TestSupport

/// `snakeid serve` run as a child process, for the signal tests.
final class ServeProcess: @unchecked Sendable {
    let process: Process
    /// The port from the "serving … on http://127.0.0.1:PORT" line, or nil if it never came.
    private(set) var port: Int?
    /// The first line on standard output: "snakeid: serving … (N lane(s) x M thread(s), …)".
    private(set) var banner = ""
    private let errorPipe = Pipe()
    private let lock = NSLock()
    private var errorText = ""

    /// The `snakeid` executable of this build, if it has been built.
    static var binary: String? { BuiltProducts.executable("snakeid") }

    private init(process: Process) {
        self.process = process
    }

    /// Starts the process and waits (up to 60 s) for its "serving" line.
    static func start(_ binary: String, arguments: [String]) throws -> ServeProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        let serve = ServeProcess(process: process)
        process.standardError = serve.errorPipe
        serve.errorPipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            serve.lock.withLock { serve.errorText += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        var line = Data()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line += byte
        }
        let text = String(decoding: line, as: UTF8.self)
        serve.banner = text
        if let range = text.range(of: "http://127.0.0.1:") {
            serve.port = Int(text[range.upperBound...].prefix { $0.isNumber })
        }
        return serve
    }

    /// What the process wrote on stderr so far.
    var standardError: String { lock.withLock { errorText } }

    /// Waits for the process to exit and returns its status.
    func exitStatus() async -> Int32 {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                self.process.waitUntilExit()
                continuation.resume(returning: self.process.terminationStatus)
            }
        }
    }
}
