import Foundation
import Logging
import Synchronization
import TestSupport
import Testing

@testable import Inference

@Suite("Classifier around a fake backend")
struct ClassifierTests {
    static let bundle = ModelBundle(directory: "/nonexistent", metadata: .fake())

    /// A PNG whose pixels are all `value`, made with the real encoder.
    static func png(value: UInt8, width: Int = 16, height: Int = 12) throws -> [UInt8] {
        let pixels = [UInt8](repeating: value, count: width * height * 3)
        return try SyntheticImages.png(pixels: pixels, width: width, height: height, channels: 3)
    }

    /// Scores favouring the adder when the image is bright, the rock when dark.
    static let brightnessBackend = FakeBackend(classes: 4) { input in
        input[0] > 0 ? [0, 1, 5, 0] : [5, 0, 0, 1]
    }

    @Test("snake probability sums the snake classes; species are renormalised and ranked")
    func ranking() async throws {
        let classifier = Classifier(bundle: Self.bundle, backend: Self.brightnessBackend, logger: Logger(label: "t"))
        let prediction = try await classifier.classify(bytes: Self.png(value: 250), source: "bright.png", topK: 3)
        let probabilities = PredictionBuilder.softmax([0, 1, 5, 0])
        #expect(abs(prediction.snakeProbability - (probabilities[1] + probabilities[2])) < 1e-9)
        #expect(prediction.verdict == .snake)
        #expect(prediction.top.map(\.label) == ["adder", "grass snake", "rock"])
        #expect(prediction.species.map(\.label) == ["adder", "grass snake"])
        #expect(abs(prediction.species.map(\.probability).reduce(0, +) - 1) < 1e-9)
        #expect(prediction.species[0].danger == .dangerous)
        #expect(prediction.source == "bright.png")

        let dark = try await classifier.classify(bytes: Self.png(value: 5), source: "dark.png")
        #expect(dark.verdict == .notSnake)
        #expect(dark.top[0].label == "rock")
    }

    @Test("verdict thresholds: snake at or above 0.5, not a snake below 0.2, unsure between")
    func verdicts() {
        let builder = PredictionBuilder(metadata: .fake())
        #expect(builder.verdict(for: 0.5) == .snake)
        #expect(builder.verdict(for: 0.49) == .unsure)
        #expect(builder.verdict(for: 0.2) == .unsure)
        #expect(builder.verdict(for: 0.19) == .notSnake)
    }

    @Test("concurrent requests are coalesced into batches up to the maximum")
    func batching() async throws {
        let largest = Mutex(0)
        var backend = Self.brightnessBackend
        backend.onForward = { batch in largest.withLock { $0 = max($0, batch) } }
        let configuration = InferenceConfiguration(
            lanes: 1, threadsPerForward: 1, maxBatch: 4, maxWait: .milliseconds(50))
        let classifier = Classifier(
            bundle: Self.bundle, backend: backend, configuration: configuration, logger: Logger(label: "t"))
        let image = try Self.png(value: 250)
        try await withThrowingTaskGroup(of: Prediction.self) { group in
            for index in 0..<8 {
                group.addTask { try await classifier.classify(bytes: image, source: "\(index)") }
            }
            for try await prediction in group { #expect(prediction.verdict == .snake) }
        }
        #expect(largest.withLock { $0 } > 1)
        #expect(largest.withLock { $0 } <= 4)
    }

    @Test("a full queue refuses work instead of growing without bound")
    func boundedQueue() async throws {
        let gate = Gate()
        let gated = FakeBackend(classes: 4) { _ in
            gate.pass()
            return [0, 0, 0, 1]
        }
        let configuration = InferenceConfiguration(lanes: 1, threadsPerForward: 1, queueCapacity: 2)
        let classifier = Classifier(
            bundle: Self.bundle, backend: gated, configuration: configuration, logger: Logger(label: "t"))
        let image = try Self.png(value: 1)
        let classify = { @Sendable (index: Int) async -> Result<Prediction, InferenceError> in
            await Result { () async throws(InferenceError) in
                try await classifier.classify(bytes: image, source: "\(index)")
            }
        }
        // One image in the forward, two in the queue: the queue is full.
        let inForward = Task { await classify(0) }
        try await Eventually.wait(until: "the first image is in the forward") { gate.arrived == 1 }
        let queued = [Task { await classify(1) }, Task { await classify(2) }]
        try await Eventually.wait(until: "two images are queued") { classifier.queueDepth == 2 }
        for index in 3..<6 {
            let refused = await classify(index)
            #expect(throws: InferenceError.self) { try refused.get() }
            if case .failure(let error) = refused {
                #expect(error.kind == .overloaded, "\(error)")
                #expect(error.source == "\(index)")
            }
        }
        gate.open()
        for task in [inForward] + queued {
            if case .failure(let error) = await task.value { Issue.record("a queued image failed: \(error)") }
        }
    }

    @Test("a task cancelled while its image waits takes it out of the queue at once")
    func cancelledWhileQueued() async throws {
        let gate = Gate()
        let gated = FakeBackend(classes: 4) { _ in
            gate.pass()
            return [0, 0, 0, 1]
        }
        let classifier = Classifier(
            bundle: Self.bundle, backend: gated, configuration: InferenceConfiguration(lanes: 1, threadsPerForward: 1),
            logger: Logger(label: "t"))
        let image = try Self.png(value: 1)
        let inForward = Task { try await classifier.classify(bytes: image, source: "running") }
        try await Eventually.wait(until: "the first image is in the forward") { gate.arrived == 1 }
        let waiting = Task { () async -> InferenceError? in
            do throws(InferenceError) {
                _ = try await classifier.classify(bytes: image, source: "waiting")
                return nil
            } catch {
                return error
            }
        }
        try await Eventually.wait(until: "the second image is queued") { classifier.queueDepth == 1 }
        waiting.cancel()
        // Answered while the forward still runs (it ignored the cancellation and waited for it).
        try await Eventually.wait(until: "the cancelled image leaves the queue", timeout: .seconds(60)) {
            classifier.queueDepth == 0
        }
        #expect(gate.arrived == 1)
        gate.open()
        let error = await waiting.value
        #expect(error?.kind == .cancelled, "\(String(describing: error))")
        #expect(error?.source == "waiting")
        _ = try await inForward.value
        #expect(gate.arrived == 1, "the cancelled image was forwarded")
    }

    @Test("every batch observer hears of every forward")
    func batchObservers() async throws {
        let first = Mutex<[Int]>([])
        let second = Mutex<[Int]>([])
        let classifier = Classifier(bundle: Self.bundle, backend: Self.brightnessBackend, logger: Logger(label: "t"))
        classifier.observeBatches { size in first.withLock { $0.append(size) } }
        classifier.observeBatches { size in second.withLock { $0.append(size) } }
        _ = try await classifier.classify(bytes: Self.png(value: 250), source: "a.png")
        _ = try await classifier.classify(bytes: Self.png(value: 5), source: "b.png")
        #expect(first.withLock { $0 } == [1, 1])
        #expect(second.withLock { $0 } == [1, 1])
    }

    @Test("an explanation's prediction carries the timings of its unoccluded forward")
    func explanationTimings() async throws {
        let classifier = Classifier(bundle: Self.bundle, backend: Self.brightnessBackend, logger: Logger(label: "t"))
        let result = try await classifier.explain(
            bytes: Self.png(value: 250), source: "bright.png", grid: .init(rows: 2, columns: 2))
        let timings = result.prediction.timings
        #expect(timings.decodeMs > 0)
        #expect(timings.batchSize == 1)
        #expect(timings.totalMs == timings.decodeMs + timings.preprocessMs + timings.queueMs + timings.inferenceMs)
        #expect(timings.totalMs > 0)
    }

    @Test("a batch over several sources keeps input order and reports failures without stopping")
    func classifyAll() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snakeid-batch-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var sources: [ImageSource] = []
        for index in 0..<6 {
            let path = "\(directory)/\(index).png"
            let bytes = index == 3 ? Array("not an image".utf8) : try Self.png(value: index % 2 == 0 ? 250 : 5)
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            sources.append(.file(path))
        }
        let classifier = Classifier(bundle: Self.bundle, backend: Self.brightnessBackend, logger: Logger(label: "t"))
        var items: [Classifier.BatchItem] = []
        for await item in classifier.classifyAll(sources, fetcher: URLFetcher()) { items.append(item) }
        #expect(items.map(\.position) == Array(0..<6))
        for item in items {
            switch (item.position, item.result) {
            case (3, .failure(let error)): #expect(error.kind == .unsupportedFormat)
            case (let position, .success(let prediction)):
                #expect(prediction.verdict == (position % 2 == 0 ? .snake : .notSnake))
            default: Issue.record("unexpected result for \(item.position): \(item.result)")
            }
        }
    }
}
