import Glibc
import Testing

@testable import Inference

/// `Locked` keeps every update of two contending threads; under `make sanitize-thread` the same
/// test fails if ThreadSanitizer cannot see the lock (the standard library's `Mutex` failed it:
/// scripts/tsan-mutex-contention.swift).
@Suite struct LockedTests {
    final class Appender: @unchecked Sendable {
        let values = Locked<[Int]>([])
        let perThread: Int
        init(perThread: Int) { self.perThread = perThread }
    }

    @Test func twoContendingThreadsLoseNoUpdate() throws {
        let appender = Appender(perThread: 50_000)
        let finished = ConditionLock()
        let running = Locked(2)
        for _ in 0..<2 {
            DedicatedThread.start(name: "locked-test", stackSize: 1 << 20) {
                for value in 0..<appender.perThread { appender.values.withLock { $0.append(value) } }
                running.withLock { $0 -= 1 }
                finished.withLock { finished.broadcast() }
            }
        }
        let deadline = ContinuousClock.now + .seconds(60)
        var done = false
        finished.withLock {
            while !done {
                done = running.withLock { $0 == 0 }
                if !done && !finished.wait(until: deadline) { break }
            }
        }
        try #require(done, "the two threads did not finish within 60 s")
        let values = appender.values.withLock { $0 }
        #expect(values.count == 100_000)
        #expect(values.reduce(0, +) == 2 * (0..<50_000).reduce(0, +))
    }

    @Test func aThrowingBodyLeavesTheLockFree() {
        struct Refused: Error {}
        let locked = Locked(1)
        #expect(throws: Refused.self) { try locked.withLock { (_: inout Int) throws(Refused) in throw Refused() } }
        #expect(
            locked.withLock { value in
                value += 1
                return value
            } == 2)
    }
}
