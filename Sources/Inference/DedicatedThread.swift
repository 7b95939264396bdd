import Glibc

/// Threads of their own, for work that blocks: the forward lanes and the terminal UI's loop,
/// kept off the concurrency pool.
public enum DedicatedThread {
    /// Starts `body` on a new detached thread named `name` (as `top -H` and debuggers show it).
    public static func start(name: String, stackSize: Int, _ body: @escaping @Sendable () -> Void) {
        final class Box {
            let body: @Sendable () -> Void
            let name: String
            init(body: @escaping @Sendable () -> Void, name: String) {
                self.body = body
                self.name = name
            }
        }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let context = Unmanaged.passRetained(Box(body: body, name: name)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread, &attributes,
            { context in
                let box = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue()
                DedicatedThread.name(box.name)
                box.body()
                return nil
            }, context)
        precondition(status == 0, "pthread_create failed: \(String(cString: strerror(status)))")
    }

    /// Names the calling thread (the kernel keeps 15 bytes); pthread_setname_np is not visible
    /// to Swift, so it writes the name where that function does.
    private static func name(_ name: String) {
        let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }
}
