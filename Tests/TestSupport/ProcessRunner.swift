import Foundation

/// Runs a program to completion and captures its output: for tests of the real binary.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
}

public enum ProcessRunner {
    /// The `snakeid` executable of the build that built these tests (debug or release); the
    /// path even when it has not been built (see ``BuiltProducts/executable(_:)``).
    public static var snakeid: String { BuiltProducts.directory + "/snakeid" }

    /// Runs `executable` with `arguments`, waiting at most `timeout` seconds.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 300
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes concurrently so that neither fills up and blocks the child.
        nonisolated(unsafe) var errorData = Data()
        let done = DispatchSemaphore(value: 0)
        let errorReader = Thread {
            errorData = error.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        errorReader.start()
        let timer = DispatchWorkItem { process.terminate() }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        timer.cancel()
        return ProcessResult(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }
}
