import Foundation
import Inference
import NIOConcurrencyHelpers
import Synchronization

/// Drives a server on 127.0.0.1 with `concurrency` keep-alive connections, each on its own
/// thread sending the next request as soon as the last is answered (a closed loop), for at
/// most `duration` and `maxRequests`.
struct ServerLoad: Sendable {
    /// What one level of load measured.
    struct Result {
        var concurrency: Int
        var seconds: Double
        /// Latencies of the successful (2xx) requests, in ms.
        var latencies: [Double]
        /// Requests that failed: a non-2xx status or a connection error.
        var errors: Int
        var firstError: String?

        var requests: Int { latencies.count + errors }
        var requestsPerSecond: Double { Double(latencies.count) / max(seconds, 1e-9) }
        func percentile(_ fraction: Double) -> Double {
            let sorted = latencies.sorted()
            guard !sorted.isEmpty else { return .nan }
            let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
            return sorted[min(max(rank, 0), sorted.count - 1)]
        }
    }

    let port: Int
    /// Whole HTTP requests; connection `i` sends them round-robin starting at `i`.
    let requests: [[UInt8]]

    /// Runs one level: every connection first sends `warmup` unmeasured requests, then all start together.
    func run(concurrency: Int, duration: Duration, maxRequests: Int, warmup: Int = 2) -> Result {
        let tickets = Atomic(0)
        let ready = DispatchSemaphore(value: 0)
        let start = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        let results = NIOLockedValueBox<[(latencies: [Double], errors: Int, firstError: String?)]>([])
        let deadline = NIOLockedValueBox(ContinuousClock.now)
        for worker in 0..<concurrency {
            done.enter()
            let thread = Thread { [requests, port] in
                var latencies: [Double] = []
                var errors = 0
                var firstError: String?
                var connection: LoopbackHTTPConnection?
                var next = worker % requests.count
                func send(record: Bool) {
                    let started = ContinuousClock.now
                    do {
                        if connection == nil { connection = try LoopbackHTTPConnection(port: port) }
                        let (status, _) = try connection!.exchange(requests[next])
                        if (200..<300).contains(status) {
                            if record { latencies.append((ContinuousClock.now - started).totalSeconds * 1000) }
                        } else if record {
                            errors += 1
                            firstError = firstError ?? "HTTP \(status)"
                        }
                    } catch {
                        connection = nil
                        if record {
                            errors += 1
                            firstError = firstError ?? "\(error)"
                        }
                    }
                    next = (next + 1) % requests.count
                }
                for _ in 0..<warmup { send(record: false) }
                ready.signal()
                start.wait()
                let end = deadline.withLockedValue { $0 }
                while ContinuousClock.now < end, tickets.add(1, ordering: .relaxed).oldValue < maxRequests {
                    send(record: true)
                }
                results.withLockedValue { $0.append((latencies, errors, firstError)) }
                done.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        for _ in 0..<concurrency { ready.wait() }
        let started = ContinuousClock.now
        deadline.withLockedValue { $0 = started + duration }
        for _ in 0..<concurrency { start.signal() }
        done.wait()
        let seconds = (ContinuousClock.now - started).totalSeconds
        let all = results.withLockedValue { $0 }
        return Result(
            concurrency: concurrency, seconds: seconds, latencies: all.flatMap(\.latencies),
            errors: all.reduce(0) { $0 + $1.errors }, firstError: all.compactMap(\.firstError).first)
    }

    /// A multipart `POST /upload` of `bytes` under the name `filename`.
    static func uploadRequest(_ bytes: [UInt8], filename: String) -> [UInt8] {
        let boundary = "snakeid-bench-7d3f9a"
        var body = Array(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: image/jpeg\r\n\r\n"
                .utf8)
        body += bytes
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        let head =
            "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
            + "Content-Type: multipart/form-data; boundary=\(boundary)\r\nContent-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + body
    }
}
