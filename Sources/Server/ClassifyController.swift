import FoundationEssentials
import Hummingbird
import Inference

/// The classification routes.
///
/// Compatible with Cougar or Not (same paths, parameters and JSON):
/// - `POST /upload`: multipart form, image in `file` → `{"predictions": [[label, p], …]}`
/// - `GET /classify-url?url=…` → the same
///
/// Versioned:
/// - `POST /v1/classify`: raw image body or multipart → ``ClassifyResponse``; several `file`
///   parts → an array in input order, each a ``ClassifyResponse`` or its own error
/// - `POST /v1/classify-url`: JSON `{"url": …}` → ``ClassifyResponse``, or `{"urls": […]}` → an array
/// - `POST /v1/models/{name}/classify`: `/v1/classify` with the model served as `name`
///
/// The routes that name no model use the default one (the first). All take `?top=K` (labels in
/// the answer, default ``ServerConfiguration/defaultTopK``). A browser (Accept: text/html) gets
/// the HTML result page from the compatible routes.
struct ClassifyController: Sendable {
    let models: ModelRegistry
    let configuration: ServerConfiguration
    let fetcher: URLFetcher

    func register(on router: Router<some RequestContext>) {
        router.post("/upload") { request, _ in try await upload(request) }
        router.get("/classify-url") { request, _ in try await classifyURLCompatible(request) }
        router.post("/v1/classify") { request, _ in try await classify(request, model: models.defaultModel) }
        router.post("/v1/classify-url") { request, _ in try await classifyURL(request) }
        router.post("/v1/models/{name}/classify") { request, context in
            try await classify(request, model: models.model(named: context.parameters.require("name")))
        }
    }

    func upload(_ request: Request) async throws -> Response {
        let classifier = models.defaultModel.classifier
        let top = try topK(request, classifier)
        let upload = try await ImageUpload.read(
            from: request, encoding: .multipart(field: "file"), limit: configuration.maxBodyBytes,
            timeout: configuration.bodyTimeout)
        if request.prefersHTML {
            return try await resultPage(bytes: upload.bytes, source: upload.name, topK: top, classifier)
        }
        let prediction = try await classifier.classify(bytes: upload.bytes, source: upload.name, topK: top)
        return compatibleResponse(prediction, request: request, classifier)
    }

    func classifyURLCompatible(_ request: Request) async throws -> Response {
        let classifier = models.defaultModel.classifier
        let top = try topK(request, classifier)
        guard let url = request.uri.queryParameters["url"].map(String.init), !url.isEmpty else {
            throw APIError.missingParameter("url")
        }
        if request.prefersHTML {
            let resource = try await fetcher.fetch(url)
            return try await resultPage(bytes: resource.bytes, source: url, topK: top, classifier)
        }
        let prediction = try await classifier.classify(url: url, fetcher: fetcher, topK: top)
        return compatibleResponse(prediction, request: request, classifier)
    }

    /// The HTML result page: the verdict with the photo and, behind a toggle, where the model
    /// looked (one explanation: the prediction comes from its unoccluded forward).
    private func resultPage(
        bytes: [UInt8], source: String, topK: Int, _ classifier: Classifier
    ) async throws -> Response {
        let result = try await classifier.explain(bytes: bytes, source: source, topK: topK)
        let photo = try ExplanationOverlay.jpeg(result.image, source: source)
        let overlay = try ExplanationOverlay.jpeg(result.overlay, source: source)
        return HTMLPage.response(
            HTMLPage.result(
                result.prediction, model: classifier.bundle.name, photo: photo, overlay: overlay,
                explanation: result.explanation))
    }

    func classify(_ request: Request, model: ServedModel) async throws -> Response {
        let classifier = model.classifier
        let top = try topK(request, classifier)
        let uploads = try await ImageUpload.readAll(
            from: request, encoding: .multipartOrRaw(field: "file"), limit: configuration.maxBodyBytes,
            timeout: configuration.bodyTimeout)
        if uploads.count == 1 {
            let prediction = try await classifier.classify(bytes: uploads[0].bytes, source: uploads[0].name, topK: top)
            return JSONResponse.make(ClassifyResponse(model: model.name, prediction: prediction))
        }
        try checkCount(uploads.count, what: "`file` parts")
        let batch = BatchClassification(classifier: classifier, model: model.name, topK: top)
        return JSONResponse.make(await batch.run(uploads))
    }

    func classifyURL(_ request: Request) async throws -> Response {
        let model = models.defaultModel
        let classifier = model.classifier
        var top = try topK(request, classifier)
        let body = try await RequestBodyReader.collect(
            request, limit: configuration.maxBodyBytes, timeout: configuration.bodyTimeout)
        let decoded: ClassifyURLRequest
        do {
            decoded = try JSONDecoder().decode(ClassifyURLRequest.self, from: Data(body.readableBytesView))
        } catch {
            throw APIError.malformedBody(
                #"expected a JSON object such as {"url": "https://…/snake.jpg"} or {"urls": ["https://…", …]}"#)
        }
        if let requested = decoded.top { top = try validTop(requested, classifier) }
        if let urls = decoded.urls {
            guard decoded.url == nil else { throw APIError.invalidParameter("url", "cannot come with `urls`") }
            guard !urls.isEmpty else { throw APIError.invalidParameter("urls", "must hold at least one URL") }
            try checkCount(urls.count, what: "URLs")
            let batch = BatchClassification(classifier: classifier, model: model.name, topK: top)
            return JSONResponse.make(await batch.run(urls: urls, fetcher: fetcher))
        }
        guard let url = decoded.url, !url.isEmpty else { throw APIError.missingParameter("url") }
        let prediction = try await classifier.classify(url: url, fetcher: fetcher, topK: top)
        return JSONResponse.make(ClassifyResponse(model: model.name, prediction: prediction))
    }

    /// 400 `too_many_images` beyond ``ServerConfiguration/maxImagesPerRequest``.
    private func checkCount(_ count: Int, what: String) throws(APIError) {
        let limit = configuration.maxImagesPerRequest
        guard count <= limit else {
            throw APIError(
                .tooManyImages,
                message: "the request sends \(count) \(what); at most \(limit) per request")
        }
    }

    /// The HTML result page for browsers, the Cougar-or-Not JSON for everyone else.
    private func compatibleResponse(_ prediction: Prediction, request: Request, _ classifier: Classifier) -> Response {
        if request.prefersHTML {
            return HTMLPage.response(HTMLPage.result(prediction, model: classifier.bundle.name))
        }
        return JSONResponse.make(CompatiblePredictions(predictions: prediction.top))
    }

    /// `?top=K`, or the default.
    private func topK(_ request: Request, _ classifier: Classifier) throws(APIError) -> Int {
        try TopParameter.read(request, default: configuration.defaultTopK, labels: classifier.bundle.labels.count)
    }

    private func validTop(_ top: Int, _ classifier: Classifier) throws(APIError) -> Int {
        try TopParameter.valid(top, labels: classifier.bundle.labels.count)
    }
}
