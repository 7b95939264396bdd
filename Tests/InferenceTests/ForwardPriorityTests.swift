import Foundation
import Logging
import Synchronization
import TestSupport
import Testing

@testable import Inference

/// Interactive images go ahead of the images a folder run has queued.
@Suite("Forward queue priority")
struct ForwardPriorityTests {
    /// What a gated backend saw: how many forwards started, and the images run (each tensor's
    /// first value names it).
    final class Recorder: Sendable {
        let started = Mutex(0)
        let order = Mutex<[Int]>([])
    }

    /// A one-lane queue whose first forward waits for `gate`.
    static func gatedQueue(gate: DispatchSemaphore, recorder: Recorder) -> ForwardQueue {
        let backend = FakeBackend(classes: 4) { input in
            if recorder.started.withLock({ count in
                count += 1
                return count == 1
            }) {
                gate.wait()
            }
            recorder.order.withLock { $0.append(Int(input[0])) }
            return [0, 0, 5, 0]
        }
        return ForwardQueue(
            backend: backend, configuration: InferenceConfiguration(lanes: 1, threadsPerForward: 1),
            shape: (channels: 1, height: 1, width: 1))
    }

    /// Waits (polling, bounded) until `queue` holds `count` images.
    static func waitForDepth(_ queue: ForwardQueue, _ count: Int) async throws {
        for _ in 0..<2000 where queue.depth < count { try await Task.sleep(for: .milliseconds(5)) }
        try #require(queue.depth == count, "the queue never held \(count) images")
    }

    @Test("an interactive image runs before the normal ones already waiting, in arrival order")
    func interactiveGoesFirst() async throws {
        let gate = DispatchSemaphore(value: 0)
        let recorder = Recorder()
        let queue = Self.gatedQueue(gate: gate, recorder: recorder)
        defer { queue.stop() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Image 0 occupies the lane; 1...3 wait behind it.
            group.addTask { _ = try await queue.submit([0]) }
            for _ in 0..<2000 where recorder.started.withLock({ $0 }) == 0 {
                try await Task.sleep(for: .milliseconds(5))
            }
            try #require(recorder.started.withLock { $0 } == 1, "the first forward never started")
            for image in 1...3 {
                group.addTask { _ = try await queue.submit([Float(image)]) }
                try await Self.waitForDepth(queue, image)
            }
            group.addTask { _ = try await queue.submit([10], priority: .interactive) }
            try await Self.waitForDepth(queue, 4)
            group.addTask { _ = try await queue.submit([11], priority: .interactive) }
            try await Self.waitForDepth(queue, 5)
            gate.signal()
            try await group.waitForAll()
        }
        #expect(recorder.order.withLock { $0 } == [0, 10, 11, 1, 2, 3])
    }

    @Test("a photo asked for during a folder run overtakes the run's waiting images")
    func interactiveOvertakesARun() async throws {
        let forwards = Mutex<[Bool]>([])  // true: the interactive photo
        let backend = FakeBackend(classes: 4) { input in
            Thread.sleep(forTimeInterval: 0.01)
            forwards.withLock { $0.append(input[0] > 0) }
            return [0, 0, 5, 0]
        }
        var logger = Logger(label: "t")
        logger.logLevel = .critical
        let classifier = Classifier(
            bundle: ModelBundle(directory: "/nonexistent", metadata: .fake()), backend: backend,
            configuration: InferenceConfiguration(lanes: 1, threadsPerForward: 1), logger: logger)
        defer { classifier.shutdown() }
        let dark = try SyntheticImages.png(
            pixels: [UInt8](repeating: 5, count: 8 * 8 * 3), width: 8, height: 8, channels: 3)
        let bright = try SyntheticImages.png(
            pixels: [UInt8](repeating: 250, count: 8 * 8 * 3), width: 8, height: 8, channels: 3)
        let position = try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask { _ = try await classifier.classify(bytes: dark, source: "run-\(index).png") }
            }
            for _ in 0..<2000 where classifier.queueDepth < 10 { try await Task.sleep(for: .milliseconds(2)) }
            try #require(classifier.queueDepth >= 10, "the run never queued up")
            let doneBefore = forwards.withLock { $0.count }
            let prediction = try await classifier.classify(bytes: bright, source: "shown.png", priority: .interactive)
            #expect(prediction.source == "shown.png")
            let position = forwards.withLock { $0.firstIndex(of: true) }
            try await group.waitForAll()
            return (position ?? -1) - doneBefore
        }
        // At most the forward running when it was asked for (and one the lane had taken) first.
        #expect((0...2).contains(position), "the shown photo ran \(position) forwards after it was asked for")
    }
}
