import CFetch
import Dispatch
import Synchronization

/// Downloads images over http(s) with libcurl, within limits, refusing private destinations by default.
///
/// Every address curl is about to connect to, for the first request and for each redirect, is
/// checked against `isForbiddenAddress(_:)` unless `Limits.allowPrivateAddresses` is set.
public struct URLFetcher: Sendable {
    /// Caps on one download.
    public struct Limits: Sendable {
        /// The largest body accepted, in bytes (after decompression).
        public var maxBytes: Int
        /// How long establishing a connection may take.
        public var connectTimeout: Duration
        /// How long the whole download, redirects included, may take.
        public var totalTimeout: Duration
        /// How many redirects are followed before giving up.
        public var maxRedirects: Int
        /// Whether loopback, private, link-local, multicast and similar destinations are allowed.
        public var allowPrivateAddresses: Bool

        public init(
            maxBytes: Int = 20 << 20, connectTimeout: Duration = .seconds(5),
            totalTimeout: Duration = .seconds(30), maxRedirects: Int = 5,
            allowPrivateAddresses: Bool = false
        ) {
            self.maxBytes = maxBytes
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.maxRedirects = maxRedirects
            self.allowPrivateAddresses = allowPrivateAddresses
        }
    }

    /// The caps applied to every download.
    public var limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Downloads `url`, blocking the calling thread; call it off the cooperative thread pool.
    ///
    /// `progress(received, expected)` is called from time to time (`expected` is 0 when unknown);
    /// returning false cancels the download.
    public func fetchBlocking(
        _ url: String, progress: (@Sendable (Int64, Int64) -> Bool)? = nil
    ) throws(InferenceError) -> FetchedResource {
        let box = progress.map(ProgressBox.init)
        var options = snk_fetch_options(
            max_bytes: Int64(max(0, limits.maxBytes)),
            connect_timeout_ms: Self.milliseconds(limits.connectTimeout),
            total_timeout_ms: Self.milliseconds(limits.totalTimeout),
            max_redirects: Int32(clamping: max(0, limits.maxRedirects)),
            allow_private: limits.allowPrivateAddresses ? 1 : 0,
            progress: nil, progress_context: nil)
        if let box {
            options.progress = { context, received, expected in
                let box = Unmanaged<ProgressBox>.fromOpaque(context!).takeUnretainedValue()
                return box.handler(received, expected) ? 0 : 1
            }
            options.progress_context = Unmanaged.passUnretained(box).toOpaque()
        }
        var result = snk_fetch_result()
        var message = [CChar](repeating: 0, count: 512)
        let capacity = message.count
        let status = withExtendedLifetime(box) {
            snk_fetch(url, options, &result, &message, capacity)
        }
        defer { snk_fetch_result_free(&result) }
        guard status == Int32(SNK_FETCH_OK.rawValue) else {
            let reason = String(decoding: message.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self)
            throw InferenceError(Self.kind(of: status), source: url, reason: reason)
        }
        let bytes = result.body.map { Array(UnsafeBufferPointer(start: $0, count: result.body_size)) } ?? []
        let contentType = Self.string(from: result.content_type)
        let finalURL = Self.string(from: result.effective_url)
        return FetchedResource(
            bytes: bytes, contentType: contentType.isEmpty ? nil : contentType,
            finalURL: finalURL.isEmpty ? url : finalURL, httpStatus: Int(result.http_status))
    }

    /// Downloads `url` on a dedicated thread, outside the cooperative pool.
    ///
    /// Cancelling the calling task stops the download (within about a second) with `.cancelled`.
    public func fetch(
        _ url: String, progress: (@Sendable (Int64, Int64) -> Void)? = nil
    ) async throws(InferenceError) -> FetchedResource {
        let cancelled = CancellationFlag()
        let result: Result<FetchedResource, InferenceError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                DispatchQueue.global(qos: .userInitiated).async {
                    continuation.resume(
                        returning: Result { () throws(InferenceError) in
                            try fetchBlocking(url) { received, expected in
                                progress?(received, expected)
                                return !cancelled.isSet
                            }
                        })
                }
            }
        } onCancel: {
            cancelled.set()
        }
        return try result.get()
    }

    /// Whether a string looks like an http(s) URL (as opposed to a file path).
    public static func isRemoteURL(_ string: String) -> Bool {
        let lowered = string.lowercased()
        return ["http://", "https://"].contains { lowered.hasPrefix($0) && lowered.count > $0.count }
    }

    /// Whether fetches refuse the textual IPv4 or IPv6 `address` unless private addresses are allowed.
    public static func isForbiddenAddress(_ address: String) -> Bool {
        snk_fetch_address_is_private(address) != 0
    }

    private static func kind(of status: Int32) -> InferenceError.Kind {
        switch snk_fetch_status(rawValue: UInt32(bitPattern: status)) {
        case SNK_FETCH_BAD_URL: .invalidURL
        case SNK_FETCH_UNRESOLVABLE_HOST: .unresolvableHost
        case SNK_FETCH_FORBIDDEN_ADDRESS: .forbiddenAddress
        case SNK_FETCH_TOO_LARGE: .downloadTooLarge
        case SNK_FETCH_TIMEOUT: .timeout
        case SNK_FETCH_CANCELLED: .cancelled
        default: .upstream
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return Int32(max(1, min(milliseconds, Double(Int32.max))))  // 0 would mean "no limit"
    }

    private static func string<T>(from tuple: T) -> String {
        withUnsafeBytes(of: tuple) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}

/// Carries a Swift progress closure through the C callback's context pointer.
private final class ProgressBox {
    let handler: (Int64, Int64) -> Bool
    init(_ handler: @escaping @Sendable (Int64, Int64) -> Bool) { self.handler = handler }
}

/// A flag set once from the cancellation handler and read from the download thread.
private final class CancellationFlag: Sendable {
    private let value = Atomic(false)
    var isSet: Bool { value.load(ordering: .acquiring) }
    func set() { value.store(true, ordering: .releasing) }
}
