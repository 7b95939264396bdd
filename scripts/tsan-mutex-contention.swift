// Why SnakeID guards shared state with NIOLockedValueBox (pthreads), not the standard library's `Mutex`:
// ThreadSanitizer reports races on data only `Mutex` guards once two threads contend for it.
//
//     swiftc -O -sanitize=thread scripts/tsan-mutex-contention.swift -o /tmp/mutex-race && /tmp/mutex-race
//
// Swift 6.3.1 on Linux prints "WARNING: ThreadSanitizer: Swift access race" and then the right
// count, 400000: no update was lost. `Mutex`'s uncontended lock and unlock are inlined atomics,
// which ThreadSanitizer sees; its contended path (`_lockSlow`, `_unlockSlow`: a
// priority-inheritance futex, the kernel handing the lock to the waiter) is in the
// uninstrumented libswiftSynchronization, so the hand-over creates no happens-before edge. The
// same program with a pthread mutex reports nothing.
import Glibc
import Synchronization

final class Shared: Sendable { let values = Mutex<[Int]>([]) }
let shared = Shared()

func appendMany(_: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    for value in 0..<200_000 { shared.values.withLock { $0.append(value) } }
    return nil
}

var threads: [pthread_t] = []
for _ in 0..<2 {
    var thread = pthread_t()
    pthread_create(&thread, nil, appendMany, nil)
    threads.append(thread)
}
for thread in threads { pthread_join(thread, nil) }
print("count", shared.values.withLock { $0.count })
