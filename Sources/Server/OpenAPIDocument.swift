import FoundationEssentials

/// The OpenAPI 3 description served at `/openapi.json`, written by hand to match the routes
/// (a test checks that it lists exactly the router's routes).
enum OpenAPIDocument {
    /// What the document depends on besides the routes.
    struct Options {
        /// The served model names (`{name}` takes only these).
        var modelNames: [String] = []
        /// Most images per request.
        var maxImages = 16
        /// Requests need `Authorization: Bearer KEY`.
        var keysRequired = false
        /// The probes need a key too.
        var probesProtected = false
    }

    /// The document for a default model with `labels` classes (the largest `top`).
    static func json(labels: Int, options: Options = Options()) -> String {
        var document = filled(template, labels: labels, options: options) as? [String: Any] ?? [:]
        if options.keysRequired { requireKeys(&document, probesProtected: options.probesProtected) }
        return JSONValue(any: document)?.text ?? "{}"
    }

    /// `value` with each placeholder of the template set from the server's own settings: a
    /// schema marked `x-model-names` takes the served names as its `enum` (any string when
    /// there are none), `x-top-maximum` the largest `top` (`labels`), `x-images-maximum` the
    /// most images per request.
    private static func filled(_ value: Any, labels: Int, options: Options) -> Any {
        if let array = value as? [Any] { return array.map { filled($0, labels: labels, options: options) } }
        guard var object = value as? [String: Any] else { return value }
        for (key, child) in object { object[key] = filled(child, labels: labels, options: options) }
        if object.removeValue(forKey: "x-model-names") != nil, !options.modelNames.isEmpty {
            object["enum"] = options.modelNames
        }
        if object.removeValue(forKey: "x-top-maximum") != nil { object["maximum"] = labels }
        if object.removeValue(forKey: "x-images-maximum") != nil { object["maxItems"] = options.maxImages }
        return object
    }

    /// The template, parsed (a test checks that it parses: an empty document lists no route).
    private static var template: [String: Any] {
        JSONValue.parse(InferenceProtocolOpenAPI.adding(to: templateText))?.any as? [String: Any] ?? [:]
    }

    /// A bearer security scheme on every operation but the open ones, each protected one with a
    /// documented 401.
    private static func requireKeys(_ document: inout [String: Any], probesProtected: Bool) {
        document[path: ["components", "securitySchemes"]] = ["apiKey": ["type": "http", "scheme": "bearer"]]
        document[path: ["components", "responses", "Unauthorized"]] = [
            "description": "No valid API key (`Authorization: Bearer KEY`)",
            "headers": ["WWW-Authenticate": ["schema": ["type": "string"]]],
            "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]],
        ]
        document["security"] = [["apiKey": [String]()]]
        guard let paths = document["paths"] as? [String: [String: Any]] else { return }
        for (path, operations) in paths {
            for method in operations.keys {
                if OpenPaths.contains(path, probesProtected: probesProtected) {
                    document[path: ["paths", path, method, "security"]] = [Any]()
                } else {
                    document[path: ["paths", path, method, "responses", "401"]] = [
                        "$ref": "#/components/responses/Unauthorized"
                    ]
                }
            }
        }
    }

    private static let templateText = #"""
        {
          "openapi": "3.0.3",
          "info": {
            "title": "SnakeID",
            "version": "1",
            "description": "Tells whether a photo shows a snake, which species, and whether it is venomous. Never handle a snake on the strength of this answer: keep your distance and ask a local expert."
          },
          "paths": {
            "/": {"get": {"summary": "HTML page with the upload form and the URL form", "operationId": "index",
              "responses": {"200": {"description": "The page", "content": {"text/html": {}}}}}},
            "/form": {"get": {"summary": "Old name of the page: redirects to /", "operationId": "form",
              "responses": {"302": {"description": "Redirect to /"}}}},
            "/upload": {"post": {"summary": "Classify an uploaded image (Cougar-or-Not compatible)", "operationId": "upload",
              "parameters": [{"$ref": "#/components/parameters/top"}],
              "requestBody": {"required": true, "content": {"multipart/form-data": {"schema": {"$ref": "#/components/schemas/Upload"}}}},
              "responses": {"200": {"$ref": "#/components/responses/Predictions"}, "400": {"$ref": "#/components/responses/Error"},
                "408": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"}, "415": {"$ref": "#/components/responses/Error"},
                "422": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}}}},
            "/classify-url": {"get": {"summary": "Download and classify an image (Cougar-or-Not compatible)", "operationId": "classifyURLCompatible",
              "parameters": [{"name": "url", "in": "query", "required": true, "schema": {"type": "string", "format": "uri"}},
                {"$ref": "#/components/parameters/top"}],
              "responses": {"200": {"$ref": "#/components/responses/Predictions"}, "400": {"$ref": "#/components/responses/Error"},
                "415": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"},
                "502": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"},
                "504": {"$ref": "#/components/responses/Error"}}}},
            "/v1/classify": {"post": {"summary": "Classify an image sent as the raw body or as multipart field `file`; several `file` parts answer an array in input order", "operationId": "classify",
              "parameters": [{"$ref": "#/components/parameters/top"}],
              "requestBody": {"$ref": "#/components/requestBodies/Images"},
              "responses": {"200": {"$ref": "#/components/responses/ClassificationOrBatch"}, "400": {"$ref": "#/components/responses/Error"},
                "408": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"}, "415": {"$ref": "#/components/responses/Error"},
                "422": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}}}},
            "/v1/models/{name}/classify": {"post": {"summary": "Like /v1/classify, with the model served as `name`", "operationId": "classifyWithModel",
              "parameters": [{"$ref": "#/components/parameters/model"}, {"$ref": "#/components/parameters/top"}],
              "requestBody": {"$ref": "#/components/requestBodies/Images"},
              "responses": {"200": {"$ref": "#/components/responses/ClassificationOrBatch"}, "400": {"$ref": "#/components/responses/Error"},
                "404": {"$ref": "#/components/responses/Error"},
                "408": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"}, "415": {"$ref": "#/components/responses/Error"},
                "422": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}}}},
            "/v1/explain": {"post": {"summary": "Where the model looked: an occlusion map over the image (raw body or multipart field `file`)", "operationId": "explain",
              "parameters": [{"$ref": "#/components/parameters/format"}],
              "requestBody": {"$ref": "#/components/requestBodies/Image"},
              "responses": {"200": {"$ref": "#/components/responses/Explanation"},
                "400": {"$ref": "#/components/responses/Error"}, "408": {"$ref": "#/components/responses/Error"},
                "413": {"$ref": "#/components/responses/Error"}, "415": {"$ref": "#/components/responses/Error"},
                "422": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}}}},
            "/v1/models/{name}/explain": {"post": {"summary": "Like /v1/explain, with the model served as `name`", "operationId": "explainWithModel",
              "parameters": [{"$ref": "#/components/parameters/model"}, {"$ref": "#/components/parameters/format"}],
              "requestBody": {"$ref": "#/components/requestBodies/Image"},
              "responses": {"200": {"$ref": "#/components/responses/Explanation"},
                "400": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "408": {"$ref": "#/components/responses/Error"},
                "413": {"$ref": "#/components/responses/Error"}, "415": {"$ref": "#/components/responses/Error"},
                "422": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}}}},
            "/v1/classify-url": {"post": {"summary": "Download and classify an image (`url`), or several (`urls`: an array in input order)", "operationId": "classifyURL",
              "parameters": [{"$ref": "#/components/parameters/top"}],
              "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "type": "object", "anyOf": [{"required": ["url"]}, {"required": ["urls"]}],
                "properties": {"url": {"type": "string", "format": "uri"},
                  "urls": {"type": "array", "minItems": 1, "x-images-maximum": true, "items": {"type": "string", "format": "uri"}},
                  "top": {"type": "integer", "minimum": 1, "x-top-maximum": true}}}}}},
              "responses": {"200": {"$ref": "#/components/responses/ClassificationOrBatch"}, "400": {"$ref": "#/components/responses/Error"},
                "408": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"}, "415": {"$ref": "#/components/responses/Error"},
                "422": {"$ref": "#/components/responses/Error"}, "502": {"$ref": "#/components/responses/Error"},
                "503": {"$ref": "#/components/responses/Error"}, "504": {"$ref": "#/components/responses/Error"}}}},
            "/v1/model": {"get": {"summary": "The default model: bundle, weights hash, how it runs", "operationId": "model",
              "responses": {"200": {"description": "Model metadata", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Model"}}}}}}},
            "/v1/models": {"get": {"summary": "Every model served, the default first", "operationId": "models",
              "responses": {"200": {"description": "The models", "content": {"application/json": {"schema": {
                "type": "object", "required": ["default", "models"], "properties": {"default": {"type": "string"},
                "models": {"type": "array", "items": {"$ref": "#/components/schemas/Model"}}}}}}}}}},
            "/v1/model/reload": {"post": {"summary": "Load a model again (default: the default model, from its folder) and switch to it without dropping requests; on failure the previous model keeps serving", "operationId": "reloadModel",
              "requestBody": {"required": false, "content": {"application/json": {"schema": {"type": "object", "properties": {
                "model": {"type": "string", "x-model-names": true, "description": "The served name (default: the default model)"},
                "path": {"type": "string", "minLength": 1, "description": "A bundle folder to load instead of the model's own"}}}}}},
              "responses": {"200": {"description": "The model now serving", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Model"}}}},
                "400": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"},
                "408": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"},
                "413": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
            "/healthz": {"get": {"summary": "Liveness: the process answers", "operationId": "healthz",
              "responses": {"200": {"description": "Alive", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"status": {"type": "string", "enum": ["ok"]}}}}}}}}},
            "/readyz": {"get": {"summary": "Readiness: the model is loaded and answering", "operationId": "readyz",
              "responses": {"200": {"description": "Ready", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"status": {"type": "string", "enum": ["ready"]}, "model": {"type": "string"},
                  "weights_sha256": {"type": "string"}, "generation": {"type": "integer"}, "probe_ms": {"type": "number"}}}}}},
                "503": {"$ref": "#/components/responses/Error"}}}},
            "/metrics": {"get": {"summary": "Prometheus metrics", "operationId": "metrics",
              "responses": {"200": {"description": "Text exposition format", "content": {"text/plain": {}}}}}},
            "/openapi.json": {"get": {"summary": "This document", "operationId": "openapi",
              "responses": {"200": {"description": "OpenAPI 3 document", "content": {"application/json": {}}}}}}
          },
          "components": {
            "parameters": {
              "top": {"name": "top", "in": "query", "required": false, "description": "How many labels to return (default 5)",
                "schema": {"type": "integer", "minimum": 1, "x-top-maximum": true, "default": 5}},
              "model": {"name": "name", "in": "path", "required": true, "description": "A model's served name (GET /v1/models)",
                "schema": {"type": "string", "x-model-names": true}},
              "format": {"name": "format", "in": "query", "required": false, "description": "json (default) or png: the photo with the map blended over it",
                "schema": {"type": "string", "enum": ["json", "png"], "default": "json"}}
            },
            "requestBodies": {
              "Image": {"required": true, "content": {
                "image/jpeg": {"schema": {"type": "string", "format": "binary", "minLength": 1}},
                "image/png": {"schema": {"type": "string", "format": "binary", "minLength": 1}},
                "application/octet-stream": {"schema": {"type": "string", "format": "binary", "minLength": 1}},
                "multipart/form-data": {"schema": {"$ref": "#/components/schemas/Upload"}}}},
              "Images": {"required": true, "content": {
                "image/jpeg": {"schema": {"type": "string", "format": "binary", "minLength": 1}},
                "image/png": {"schema": {"type": "string", "format": "binary", "minLength": 1}},
                "application/octet-stream": {"schema": {"type": "string", "format": "binary", "minLength": 1}},
                "multipart/form-data": {"schema": {"$ref": "#/components/schemas/Uploads"}}}}
            },
            "responses": {
              "Explanation": {"description": "The map (JSON), or the overlay (PNG) with ?format=png",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Explanation"}}, "image/png": {}}},
              "Predictions": {"description": "Labels and probabilities, best first; browsers (Accept: text/html) get an HTML result page",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Predictions"}}, "text/html": {}}},
              "Classification": {"description": "The full prediction",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Classification"}}}},
              "ClassificationOrBatch": {"description": "The full prediction; for several images, an array in input order of predictions or per-image errors",
                "content": {"application/json": {"schema": {"oneOf": [{"$ref": "#/components/schemas/Classification"},
                  {"type": "array", "items": {"anyOf": [{"$ref": "#/components/schemas/Classification"}, {"$ref": "#/components/schemas/ImageError"}]}}]}}}},
              "Error": {"description": "An error; 503 carries Retry-After",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            },
            "schemas": {
              "Upload": {"type": "object", "required": ["file"], "properties": {"file": {"type": "string", "format": "binary", "minLength": 1}}},
              "Uploads": {"type": "object", "required": ["file"], "properties": {"file": {"type": "array", "minItems": 1, "x-images-maximum": true,
                "items": {"type": "string", "format": "binary", "minLength": 1}}}},
              "ImageError": {"type": "object", "required": ["source", "error"], "properties": {"source": {"type": "string"},
                "error": {"type": "object", "required": ["code", "message"], "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}},
              "Predictions": {"type": "object", "required": ["predictions"], "properties": {"predictions": {"type": "array",
                "items": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"oneOf": [{"type": "string"}, {"type": "number"}]}}}}},
              "Classification": {"type": "object",
                "required": ["model", "source", "snake_probability", "venomous_probability", "dangerous_probability", "verdict", "risk", "species", "top", "timings", "venomous_candidates", "safety"],
                "properties": {
                  "model": {"type": "string"},
                  "source": {"type": "string"},
                  "snake_probability": {"type": "number"},
                  "venomous_probability": {"type": "number", "description": "Probability on mildly venomous or dangerous species, as a fraction of the whole image"},
                  "dangerous_probability": {"type": "number", "description": "Probability on dangerous species, as a fraction of the whole image"},
                  "verdict": {"type": "string", "enum": ["snake", "unsure", "not_snake"]},
                  "risk": {"type": "string", "enum": ["dangerous", "possible", "unknown", "low"], "description": "dangerous: a dangerous species is likely; possible: one cannot be ruled out; unknown: the species is not recognised, treat it as venomous; low: a recognised harmless species, or not a snake"},
                  "species": {"type": "array", "items": {"$ref": "#/components/schemas/Species"}},
                  "top": {"type": "array", "items": {"type": "object", "properties": {
                    "index": {"type": "integer"}, "label": {"type": "string"}, "probability": {"type": "number"}}}},
                  "timings": {"type": "object", "properties": {
                    "fetch_ms": {"type": "number"}, "decode_ms": {"type": "number"}, "preprocess_ms": {"type": "number"},
                    "queue_ms": {"type": "number"}, "inference_ms": {"type": "number"}, "total_ms": {"type": "number"},
                    "batch_size": {"type": "integer"}}},
                  "venomous_candidates": {"type": "array", "items": {"type": "string"}},
                  "safety": {"type": "string"}}},
              "Explanation": {"type": "object", "required": ["source", "target", "probability", "crop", "grid", "forwards", "milliseconds"],
                "properties": {
                  "source": {"type": "string"},
                  "target": {"type": "string", "description": "snake (the snake probability), or the top label for a not-a-snake verdict"},
                  "probability": {"type": "number"},
                  "crop": {"type": "object", "required": ["x", "y", "width", "height"], "description": "The region of the original (EXIF-oriented) image the model saw",
                    "properties": {"x": {"type": "integer"}, "y": {"type": "integer"}, "width": {"type": "integer"}, "height": {"type": "integer"}}},
                  "grid": {"type": "object", "required": ["rows", "columns", "values"], "properties": {
                    "rows": {"type": "integer"}, "columns": {"type": "integer"},
                    "values": {"type": "array", "description": "values[r][c]: the probability drop when cell (r, c) is covered; row 0 at the top",
                      "items": {"type": "array", "items": {"type": "number"}}}}},
                  "forwards": {"type": "integer"}, "milliseconds": {"type": "number"}}},
              "Species": {"type": "object", "properties": {
                "label": {"type": "string"}, "scientific_name": {"type": "string"},
                "danger": {"$ref": "#/components/schemas/Danger"}, "probability": {"type": "number"}}},
              "Danger": {"type": "string", "enum": ["harmless", "mildly_venomous", "constrictor", "dangerous"]},
              "Model": {"type": "object", "properties": {
                "name": {"type": "string", "description": "The name it is served as"}, "bundle": {"type": "string"},
                "weights_sha256": {"type": "string"}, "generation": {"type": "integer", "description": "1 at start, +1 per reload"},
                "loaded_at": {"type": "string", "format": "date-time"}, "description": {"type": "string"},
                "input": {"type": "object", "properties": {"width": {"type": "integer"}, "height": {"type": "integer"}, "resize_shorter_side": {"type": "integer"}}},
                "labels": {"type": "integer"},
                "snake_classes": {"type": "array", "items": {"type": "object", "properties": {
                  "index": {"type": "integer"}, "common_name": {"type": "string"}, "scientific_name": {"type": "string"},
                  "danger": {"$ref": "#/components/schemas/Danger"}}}},
                "verdict": {"type": "object", "properties": {"snake_at_least": {"type": "number"}, "not_snake_below": {"type": "number"}}},
                "runtime": {"type": "object", "properties": {
                  "engine": {"type": "string", "enum": ["torch", "openvino"]},
                  "lanes": {"type": "integer"}, "threads_per_forward": {"type": "integer"}, "max_batch": {"type": "integer"},
                  "max_wait_ms": {"type": "number"}, "queue_capacity": {"type": "integer"}}}}},
              "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}
            }
          }
        }
        """#
}

extension Dictionary where Key == String, Value == Any {
    /// The value at a path of nested objects; setting one creates the objects on the way.
    fileprivate subscript(path keys: [String]) -> Any? {
        get {
            guard let first = keys.first else { return nil }
            if keys.count == 1 { return self[first] }
            return (self[first] as? [String: Any])?[path: Array(keys.dropFirst())]
        }
        set {
            guard let first = keys.first else { return }
            if keys.count == 1 {
                self[first] = newValue
                return
            }
            var child = self[first] as? [String: Any] ?? [:]
            child[path: Array(keys.dropFirst())] = newValue
            self[first] = child
        }
    }
}
