/// Work over many inputs with a bound on how much runs at once: the one loop behind a folder
/// run (`Classifier.classifyAll`), a batch request and an explanation's occluded forwards.
public enum BoundedConcurrency {
    /// Runs `work` for each position in `0..<count`, at most `width` at a time, and hands each
    /// output to `handle` on the calling task as it finishes (in completion order). A finished
    /// position lets the next one start, unless `handle` returned false or the calling task is
    /// cancelled: then no more start, and those running are awaited (and see the cancellation).
    ///
    /// `work` does not throw: callers return their errors as outputs. (A child task closure
    /// with a `do`/`catch` around a `try await`, returning a tuple, loses the tuple's `Int` in
    /// the Swift 6.3.1 optimiser: the release-only trap of the old batch loop; see
    /// docs/release-grade.md. Keeping the closure below free of `try` avoids that shape.)
    public static func forEach<Output: Sendable>(
        count: Int, width: Int, _ work: @escaping @Sendable (Int) async -> Output,
        handle: (_ position: Int, _ output: Output) -> Bool
    ) async {
        await withTaskGroup(of: (Int, Output).self) { group in
            var started = 0
            var goesOn = true
            while started < min(max(width, 1), count) {
                group.addTask { [started] in (started, await work(started)) }
                started += 1
            }
            while let (position, output) = await group.next() {
                goesOn = goesOn && handle(position, output) && !Task.isCancelled
                if goesOn, started < count {
                    group.addTask { [started] in (started, await work(started)) }
                    started += 1
                }
            }
        }
    }
}

extension Result where Failure == InferenceError {
    /// The outcome of `body`: its value, or the error it threw. The work closures handed to
    /// `BoundedConcurrency.forEach` use it to return their errors as values.
    public init(catching body: () async throws(InferenceError) -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
