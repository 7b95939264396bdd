import Foundation
import Synchronization
import Testing

@testable import Inference

/// `finish()` frees the model on the caller's thread once the lanes are done, never on a lane
/// thread on its way out (which raced the process's exit: docs/release-grade.md).
@Suite("Forward queue finish")
struct ForwardQueueFinishTests {
    /// A backend that records the thread that released it, and how many forwards ran.
    final class TracedBackend: InferenceBackend, @unchecked Sendable {
        let releasedOn = Mutex<UInt?>(nil)
        let forwards = Atomic(0)

        func forward(
            _ input: UnsafeBufferPointer<Float>, batch: Int, channels: Int, height: Int, width: Int, threads: Int
        ) throws(InferenceError) -> [Float] {
            #expect(releasedOn.withLock { $0 } == nil, "a forward ran after the release")
            forwards.add(1, ordering: .relaxed)
            return [Float](repeating: 1, count: 4 * batch)
        }

        func release() {
            let thread = UInt(pthread_self())
            releasedOn.withLock { $0 = thread }
        }
    }

    @Test("finish waits for the lanes, then releases the model on the calling thread", arguments: [1, 2, 4])
    func finishReleasesOnTheCallingThread(lanes: Int) async throws {
        let backend = TracedBackend()
        let queue = ForwardQueue(
            backend: backend, configuration: InferenceConfiguration(lanes: lanes, threadsPerForward: 1),
            shape: (channels: 1, height: 1, width: 1))
        for value in 0..<8 {
            let output = try await queue.submit([Float(value)])
            #expect(output.scores.count == 4)
        }
        let caller = Mutex<UInt?>(nil)
        let done = DispatchSemaphore(value: 0)
        let finisher = Thread {
            caller.withLock { $0 = UInt(pthread_self()) }
            queue.finish()
            done.signal()
        }
        finisher.start()
        #expect(done.wait(timeout: .now() + 30) == .success, "finish() did not return")
        #expect(backend.forwards.load(ordering: .relaxed) == 8)
        let released = backend.releasedOn.withLock { $0 }
        #expect(released != nil && released == caller.withLock { $0 }, "released on \(String(describing: released))")
        await #expect(throws: InferenceError.self) { try await queue.submit([0]) }
    }
}
