import Glibc

/// A value that one thread at a time may touch, behind a pthread mutex; the same use as the
/// standard library's `Mutex` (`withLock`), which SnakeID does not use.
///
/// On Linux, `Mutex`'s contended path is a priority-inheritance futex in the uninstrumented
/// `libswiftSynchronization`: the kernel hands the lock to the waiter, where ThreadSanitizer
/// cannot see it, so `make sanitize-thread` reported races on data the lock guarded (the UI's
/// inbox, once in a while, under a 500-photo run). `scripts/tsan-mutex-contention.swift`
/// reproduces that on two threads. ThreadSanitizer intercepts pthread mutexes.
public final class Locked<Value>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var value: Value

    public init(_ value: sending Value) {
        self.value = value
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` on the value with the lock held.
    public func withLock<Result, E: Error>(_ body: (inout Value) throws(E) -> Result) throws(E) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
