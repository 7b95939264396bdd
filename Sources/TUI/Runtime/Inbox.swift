import FoundationEssentials
import Glibc
import Inference
import NIOConcurrencyHelpers

/// Where background work leaves `Event`s for the UI loop: a lock-protected queue plus a pipe
/// whose read end the loop polls beside the keyboard, so a finished task wakes it at once and
/// the loop itself never waits on the model.
final class Inbox: Sendable {
    private let events = NIOLockedValueBox<[Event]>([])
    /// The end the UI loop polls.
    let readDescriptor: Int32
    /// The end a byte is written to per event (also used by the SIGWINCH handler).
    let writeDescriptor: Int32

    init() {
        var descriptors: [Int32] = [-1, -1]
        if pipe(&descriptors) == 0 {
            for descriptor in descriptors {
                _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
                _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            }
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Queues an event and wakes the loop; callable from any thread.
    func post(_ event: Event) {
        events.withLockedValue { $0.append(event) }
        wake()
    }

    /// Wakes the loop without an event.
    func wake() {
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)  // a full pipe already wakes the loop
    }

    /// Takes every queued event, oldest first, and empties the wake-up pipe.
    func drain() -> [Event] {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(readDescriptor, &buffer, buffer.count) > 0 {}
        return events.withLockedValue { queued in
            defer { queued.removeAll() }
            return queued
        }
    }
}
