import FoundationEssentials

/// Runs model forwards on dedicated threads ("lanes"), coalescing queued images into batches.
///
/// Each lane takes up to `maxBatch` waiting images, waiting at most `maxWait` for a batch to
/// fill, and runs one forward with `threadsPerForward` intra-op threads. Several lanes run
/// forwards side by side. The queue is bounded: `submit` fails fast when it is full.
/// Interactive images go ahead of every waiting normal one (a photo the user is looking at
/// does not wait behind a folder run).
final class ForwardQueue: @unchecked Sendable {
    struct Output: Sendable {
        var scores: [Float]
        var queueSeconds: Double
        var forwardSeconds: Double
        var batchSize: Int
    }

    private struct Job {
        var id: UInt64
        var tensor: [Float]
        var enqueued: ContinuousClock.Instant
        var continuation: CheckedContinuation<Result<Output, InferenceError>, Never>
    }

    let backend: any InferenceBackend
    let configuration: InferenceConfiguration
    let shape: (channels: Int, height: Int, width: Int)
    private let condition = ConditionLock()
    /// Waiting images, interactive ones first, each priority in arrival order.
    private var jobs: [Job] = []
    /// How many of the first `jobs` are interactive.
    private var interactiveCount = 0
    private var running = 0
    private var stopped = false
    /// Lanes still taking work.
    private var liveLanes = 0
    private var lastID: UInt64 = 0
    private var batchObservers: [@Sendable (Int) -> Void] = []

    init(
        backend: any InferenceBackend, configuration: InferenceConfiguration,
        shape: (channels: Int, height: Int, width: Int)
    ) {
        self.backend = backend
        self.configuration = configuration
        self.shape = shape
        liveLanes = max(configuration.lanes, 1)
        for lane in 0..<liveLanes {
            DedicatedThread.start(name: "snakeid-lane-\(lane)", stackSize: 16 << 20) { [self] in runLane() }
        }
    }

    /// Images waiting for a forward.
    var depth: Int {
        condition.withLock { jobs.count }
    }

    /// Calls `observer` with the size of every batch run (for metrics), after the observers
    /// added before it.
    func observeBatches(_ observer: @escaping @Sendable (Int) -> Void) {
        condition.withLock { batchObservers.append(observer) }
    }

    /// Queues one preprocessed image and waits for its scores. A task cancelled while its image
    /// waits takes the image out of the queue (one already in a forward runs to its end).
    /// - Throws: `InferenceError` `.model` on a forward failure, `.overloaded` when the queue is
    ///   full, `.cancelled` when it is stopped or the task is cancelled before the forward.
    func submit(_ tensor: [Float], priority: ForwardPriority = .normal) async throws(InferenceError) -> Output {
        let id = condition.withLock {
            lastID += 1
            return lastID
        }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                condition.lock()
                defer { condition.unlock() }
                if stopped {
                    let error = InferenceError(.cancelled, reason: "the model is shutting down")
                    continuation.resume(returning: Result<Output, InferenceError>.failure(error))
                    return
                }
                // Cancelled before the handler below could find the job: never queue it.
                if Task.isCancelled {
                    continuation.resume(returning: Result<Output, InferenceError>.failure(Self.cancelled))
                    return
                }
                if jobs.count >= configuration.queueCapacity {
                    continuation.resume(returning: Result<Output, InferenceError>.failure(Self.overloaded))
                    return
                }
                let job = Job(id: id, tensor: tensor, enqueued: .now, continuation: continuation)
                if priority == .interactive {
                    jobs.insert(job, at: interactiveCount)
                    interactiveCount += 1
                } else {
                    jobs.append(job)
                }
                condition.signal()
            }
        } onCancel: {
            withdraw(id)
        }
        return try result.get()
    }

    /// The error `submit` throws when the queue is full.
    static let overloaded = InferenceError(.overloaded, reason: "the model queue is full; try again shortly")

    /// The error `submit` throws when its task is cancelled before the forward.
    static let cancelled = InferenceError(.cancelled, reason: "cancelled before the model ran")

    /// Takes job `id` out of the queue, if no lane has taken it yet, and answers it cancelled.
    private func withdraw(_ id: UInt64) {
        let job: Job? = condition.withLock {
            guard let index = jobs.firstIndex(where: { $0.id == id }) else { return nil }
            if index < interactiveCount { interactiveCount -= 1 }
            return jobs.remove(at: index)
        }
        job?.continuation.resume(returning: .failure(Self.cancelled))
    }

    /// Stops the lanes after the queued images are done.
    func stop() {
        condition.withLock {
            stopped = true
            condition.broadcast()
        }
    }

    /// Stops the lanes after the queued images are done, waits until none runs, and frees the
    /// model on this thread. The lanes own the queue, so without this the model is freed on
    /// whichever lane thread ends last, at a moment nobody waits for: a command that then
    /// returns runs exit() while OpenVINO tears its compiled model down on that thread, which
    /// crashed (docs/release-grade.md).
    func finish() {
        stop()
        condition.withLock {
            while liveLanes > 0 { condition.wait() }
        }
        backend.release()
    }

    private func runLane() {
        while let batch = nextBatch() {
            run(batch)
        }
        condition.withLock {
            liveLanes -= 1
            condition.broadcast()
        }
    }

    private func nextBatch() -> [Job]? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty {
            if stopped { return nil }
            condition.wait()
        }
        let maxBatch = max(configuration.maxBatch, 1)
        if (jobs.count < maxBatch) && (configuration.maxWait > .zero) && !stopped {
            let deadline = ContinuousClock.now + configuration.maxWait
            while jobs.count < maxBatch {
                if !condition.wait(until: deadline) { break }
            }
        }
        let count = min(jobs.count, maxBatch)
        let batch = Array(jobs.prefix(count))
        jobs.removeFirst(count)
        interactiveCount = max(interactiveCount - count, 0)
        return batch
    }

    private func run(_ batch: [Job]) {
        let started = ContinuousClock.now
        let perImage = shape.channels * shape.height * shape.width
        var input = [Float]()
        if batch.count == 1 {
            input = batch[0].tensor
        } else {
            input.reserveCapacity(perImage * batch.count)
            for job in batch { input.append(contentsOf: job.tensor) }
        }
        let result = input.withUnsafeBufferPointer { buffer in
            Result { () throws(InferenceError) -> [Float] in
                try backend.forward(
                    buffer, batch: batch.count, channels: shape.channels, height: shape.height,
                    width: shape.width, threads: configuration.threadsPerForward)
            }
        }
        let finished = ContinuousClock.now
        let forwardSeconds = (finished - started).totalSeconds
        for observer in condition.withLock({ batchObservers }) { observer(batch.count) }
        switch result {
        case .success(let scores):
            let classes = scores.count / batch.count
            for (position, job) in batch.enumerated() {
                let slice = Array(scores[(position * classes)..<((position + 1) * classes)])
                job.continuation.resume(
                    returning: .success(
                        Output(
                            scores: slice, queueSeconds: (started - job.enqueued).totalSeconds,
                            forwardSeconds: forwardSeconds, batchSize: batch.count)))
            }
        case .failure(let error):
            for job in batch { job.continuation.resume(returning: .failure(error)) }
        }
    }
}

/// Whether an image waits its turn in the model's queue or goes ahead of the waiting ones.
public enum ForwardPriority: Sendable, Equatable {
    /// In arrival order: folder runs, the CLI, the API.
    case normal
    /// Ahead of every waiting `normal` image: the photo the user is looking at.
    case interactive
}
