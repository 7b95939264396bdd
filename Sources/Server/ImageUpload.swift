import Hummingbird

/// An image sent in a request: the bytes and a name for messages and the prediction's source.
struct ImageUpload {
    var bytes: [UInt8]
    /// The uploaded file's name, or "upload" when the client gave none.
    var name: String

    /// Which bodies a route takes.
    enum Encoding {
        /// Only a `multipart/form-data` form with the image in `field` (the Cougar-or-Not `/upload`).
        case multipart(field: String)
        /// A multipart form with the image in `field`, or else the raw image bytes.
        case multipartOrRaw(field: String)
    }

    /// Reads the image from the request body, refusing bodies over `limit` bytes or slower than
    /// `timeout`. Of several parts named `field`, the first.
    /// - Throws: ``APIError`` 413 `body_too_large`, 408 `body_timeout`, 400 `empty_body`,
    ///   `missing_file` or `malformed_body`.
    static func read(
        from request: Request, encoding: Encoding, limit: Int, timeout: Duration
    ) async throws -> ImageUpload {
        try await readAll(from: request, encoding: encoding, limit: limit, timeout: timeout)[0]
    }

    /// Reads every image of the request: each multipart part named `field`, in order, or the
    /// raw body as one image. Never empty.
    /// - Throws: like ``read(from:encoding:limit:timeout:)``, also when any part is empty (a
    ///   part that is not a usable image gets its own error with the predictions).
    static func readAll(
        from request: Request, encoding: Encoding, limit: Int, timeout: Duration
    ) async throws -> [ImageUpload] {
        let body = try await RequestBodyReader.collect(request, limit: limit, timeout: timeout)
        let contentType = request.headers[.contentType] ?? ""
        let boundary = MultipartForm.boundary(contentType: contentType)
        switch (encoding, boundary) {
        case (.multipart(let field), let boundary?), (.multipartOrRaw(let field), let boundary?):
            let form = try MultipartForm(parsing: body, boundary: boundary)
            let parts = form.parts.filter { $0.name == field }
            guard !parts.isEmpty else { throw APIError.missingFile(field) }
            if let empty = parts.firstIndex(where: { $0.body.readableBytes == 0 }) {
                throw parts.count == 1
                    ? APIError.missingFile(field)
                    : APIError(
                        .missingFile,
                        message: "`\(field)` part \(empty + 1) of \(parts.count) is empty")
            }
            return parts.map { part in
                let name = part.filename.flatMap { $0.isEmpty ? nil : $0 } ?? "upload"
                return ImageUpload(bytes: Array(part.body.readableBytesView), name: name)
            }
        case (.multipart(let field), nil):
            throw APIError(
                .missingFile,
                message: "expected a multipart/form-data body with the image in the `\(field)` field")
        case (.multipartOrRaw, nil):
            guard body.readableBytes > 0 else { throw APIError.emptyBody }
            return [ImageUpload(bytes: Array(body.readableBytesView), name: "upload")]
        }
    }
}

/// Collects request bodies within a byte limit and a deadline.
enum RequestBodyReader {
    /// The whole body, or 413 as soon as the declared length or the bytes received pass `limit`,
    /// or 408 when it has not all arrived within `timeout` (a client dripping a byte now and then
    /// would otherwise hold a connection and its buffer for as long as it likes).
    ///
    /// A body that cannot be read at all (malformed chunked encoding, a connection closed
    /// mid-upload) is the client's error: 400 `malformed_body`, never a 500.
    static func collect(_ request: Request, limit: Int, timeout: Duration) async throws -> ByteBuffer {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw APIError.bodyTooLarge(limit: limit)
        }
        let body = try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask {
                var request = request
                return try await Self.collect(&request, limit: limit)
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        guard let body else { throw APIError.bodyTimeout(timeout) }
        return body
    }

    private static func collect(_ request: inout Request, limit: Int) async throws -> ByteBuffer {
        do {
            return try await request.collectBody(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError.bodyTooLarge(limit: limit)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw APIError.malformedBody("the request body could not be read: \(Self.reason(for: error))")
        }
    }

    /// A short reason for a body that failed to arrive, for the client.
    private static func reason(for error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("Chunk") || text.contains("chunk") { return "malformed chunked transfer encoding" }
        return "malformed or interrupted transfer (\(text.prefix(80)))"
    }
}
