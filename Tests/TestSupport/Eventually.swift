import Foundation
import Synchronization

/// Waiting for a condition instead of sleeping: the tests await what they depend on, and give up
/// with a clear error after a deadline (so a broken component fails the test instead of hanging it).
public enum Eventually {
    /// The condition did not hold before the deadline.
    public struct TimedOut: Error, CustomStringConvertible {
        public var what: String
        public var description: String { "timed out waiting until \(what)" }
    }

    /// Returns once `condition` holds, checking it every few milliseconds.
    /// - Throws: `TimedOut` naming `what` when `timeout` passes first.
    public static func wait(
        until what: String, timeout: Duration = .seconds(120), _ condition: () throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while try !condition() {
            guard ContinuousClock.now < deadline else { throw TimedOut(what: what) }
            try await Task.sleep(for: .milliseconds(2))
        }
    }
}

/// A gate that blocking code on a thread of its own (a fake model's forward, on a forward lane) waits at until
/// the test opens it; it also counts the threads that reached it.
public final class Gate: @unchecked Sendable {
    private let condition = NSCondition()
    private var isOpen = false
    private var arrivals = 0

    public init() {}

    /// How many times `pass()` was called so far.
    public var arrived: Int { condition.withLock { arrivals } }

    /// Blocks until the gate is open (or `timeout` passes, so that a failing test ends).
    /// - Returns: Whether the gate was opened in time.
    @discardableResult
    public func pass(timeout: TimeInterval = 180) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        arrivals += 1
        condition.broadcast()
        let deadline = Date(timeIntervalSinceNow: timeout)
        while !isOpen {
            if !condition.wait(until: deadline) { return isOpen }
        }
        return true
    }

    /// Lets every waiting and later caller through.
    public func open() {
        condition.withLock {
            isOpen = true
            condition.broadcast()
        }
    }
}

/// `Gate` for async code: a task waits at it without holding a thread of the concurrency pool
/// (blocking the pool's few threads would stall every other test).
public final class AsyncGate: Sendable {
    private struct State {
        var isOpen = false
        var arrivals = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    public init() {}

    /// How many times `pass()` was called so far.
    public var arrived: Int { state.withLock { $0.arrivals } }

    /// Returns once the gate is open.
    public func pass() async {
        await withCheckedContinuation { continuation in
            let goesOn = state.withLock { state in
                state.arrivals += 1
                if !state.isOpen { state.waiting.append(continuation) }
                return state.isOpen
            }
            if goesOn { continuation.resume() }
        }
    }

    /// Lets every waiting and later caller through.
    public func open() {
        let waiting = state.withLock { state in
            state.isOpen = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }
}
