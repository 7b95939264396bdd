import Synchronization
import TestSupport
import Testing

@testable import Inference

@Suite("Bounded concurrency")
struct BoundedConcurrencyTests {
    @Test("every position runs once, never more than the width at a time")
    func width() async {
        let running = Mutex((now: 0, most: 0))
        var seen: [Int] = []
        await BoundedConcurrency.forEach(count: 20, width: 3) { position in
            running.withLock {
                $0.now += 1
                $0.most = max($0.most, $0.now)
            }
            await Task.yield()
            running.withLock { $0.now -= 1 }
            return position * 10
        } handle: { position, output in
            #expect(output == position * 10)
            seen.append(position)
            return true
        }
        #expect(seen.sorted() == Array(0..<20))
        #expect(running.withLock { $0.most } <= 3)
    }

    @Test("a cancelled caller starts no more work")
    func cancellation() async throws {
        let started = Mutex(0)
        let gate = AsyncGate()
        let task = Task {
            await BoundedConcurrency.forEach(count: 100, width: 2) { position in
                started.withLock { $0 += 1 }
                await gate.pass()
                return position
            } handle: { _, _ in
                true
            }
        }
        try await Eventually.wait(until: "two positions run") { started.withLock { $0 } == 2 }
        task.cancel()
        gate.open()
        await task.value
        #expect(started.withLock { $0 } == 2)
    }

    @Test("a handler that returns false starts no more work")
    func stop() async {
        var handled = 0
        await BoundedConcurrency.forEach(count: 50, width: 1) {
            $0
        } handle: { _, _ in
            handled += 1
            return handled < 3
        }
        #expect(handled == 3)
    }
}
