import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// A second Hummingbird app on 127.0.0.1 that serves a folder, for `/classify-url` tests; no
/// other address is ever contacted.
///
/// Routes:
/// - `/redirect?to=URL` answers 302 to URL.
/// - `/slow?ms=M&path=P` waits M milliseconds, then serves the file P.
/// - `/status/N` answers status N.
/// - anything else is a file under `root` (`.html` as a page, the rest as bytes), or 404.
final class StaticImageServer: Sendable {
    let port: Int
    private let log: RequestLog
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(port: Int, log: RequestLog, group: ServiceGroup, task: Task<Void, any Error>) {
        self.port = port
        self.log = log
        self.group = group
        self.task = task
    }

    /// Every request target received so far (path and query).
    var requests: [String] { log.entries }

    /// `http://127.0.0.1:PORT` followed by `path`.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Starts serving `root` on a free port.
    static func start(root: String) async throws -> StaticImageServer {
        let requests = RequestLog()
        let router = Router()
        router.add(middleware: RecordingMiddleware(record: { target in requests.append(target) }))
        router.get("/redirect") { request, _ in
            Response(status: .found, headers: [.location: request.uri.queryParameters["to"].map(String.init) ?? "/"])
        }
        router.get("/slow") { request, _ in
            let milliseconds = request.uri.queryParameters["ms"].flatMap { Int($0) } ?? 1000
            try await Task.sleep(for: .milliseconds(milliseconds))
            return file(root + (request.uri.queryParameters["path"].map(String.init) ?? "/"))
        }
        router.get("/status/:code") { _, context in
            Response(status: .init(code: context.parameters.get("code", as: Int.self) ?? 500))
        }
        router.get("**") { request, _ in file(root + request.uri.path) }
        var logger = Logger(label: "static-image-server")
        logger.logLevel = .warning
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [application], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        for await port in ports {
            return StaticImageServer(port: port, log: requests, group: group, task: task)
        }
        try await task.value
        throw CancellationError()
    }

    /// Stops the server.
    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    private static func file(_ path: String) -> Response {
        guard !path.contains(".."), let data = FileManager.default.contents(atPath: path) else {
            return Response(status: .notFound)
        }
        return Response(
            status: .ok,
            headers: [.contentType: path.hasSuffix(".html") ? "text/html; charset=utf-8" : "application/octet-stream"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Records each request target before routing.
private struct RecordingMiddleware<Context: RequestContext>: RouterMiddleware {
    let record: @Sendable (String) -> Void

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        record(request.uri.description)
        return try await next(request, context)
    }
}

/// The request targets a server received, in order.
private final class RequestLog: Sendable {
    private let storage = Mutex<[String]>([])
    var entries: [String] { storage.withLock { $0 } }
    func append(_ target: String) { storage.withLock { $0.append(target) } }
}
