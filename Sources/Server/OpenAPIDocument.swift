import Foundation

/// The OpenAPI 3 description served at `/openapi.json`, written by hand to match the routes
/// (a test checks that it lists exactly the router's routes).
enum OpenAPIDocument {
    /// The document for a model with `labels` classes (the largest `top`).
    static func json(labels: Int) -> String {
        template.replacingOccurrences(of: "\"maximum\": 1000", with: "\"maximum\": \(labels)")
    }

    private static let template = #"""
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
            "/v1/classify": {"post": {"summary": "Classify an image sent as the raw body or as multipart field `file`", "operationId": "classify",
              "parameters": [{"$ref": "#/components/parameters/top"}],
              "requestBody": {"required": true, "content": {
                "image/jpeg": {"schema": {"type": "string", "format": "binary", "minLength": 1}},
                "image/png": {"schema": {"type": "string", "format": "binary", "minLength": 1}},
                "application/octet-stream": {"schema": {"type": "string", "format": "binary", "minLength": 1}},
                "multipart/form-data": {"schema": {"$ref": "#/components/schemas/Upload"}}}},
              "responses": {"200": {"$ref": "#/components/responses/Classification"}, "400": {"$ref": "#/components/responses/Error"},
                "408": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"}, "415": {"$ref": "#/components/responses/Error"},
                "422": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}}}},
            "/v1/explain": {"post": {"summary": "Where the model looked: an occlusion map over the image (raw body or multipart field `file`)", "operationId": "explain",
              "parameters": [{"name": "format", "in": "query", "required": false, "description": "json (default) or png: the photo with the map blended over it",
                "schema": {"type": "string", "enum": ["json", "png"], "default": "json"}}],
              "requestBody": {"required": true, "content": {
                "image/jpeg": {"schema": {"type": "string", "format": "binary", "minLength": 1}},
                "image/png": {"schema": {"type": "string", "format": "binary", "minLength": 1}},
                "application/octet-stream": {"schema": {"type": "string", "format": "binary", "minLength": 1}},
                "multipart/form-data": {"schema": {"$ref": "#/components/schemas/Upload"}}}},
              "responses": {"200": {"description": "The map (JSON), or the overlay (PNG) with ?format=png",
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Explanation"}}, "image/png": {}}},
                "400": {"$ref": "#/components/responses/Error"}, "408": {"$ref": "#/components/responses/Error"},
                "413": {"$ref": "#/components/responses/Error"}, "415": {"$ref": "#/components/responses/Error"},
                "422": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}}}},
            "/v1/classify-url": {"post": {"summary": "Download and classify an image", "operationId": "classifyURL",
              "parameters": [{"$ref": "#/components/parameters/top"}],
              "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "type": "object", "required": ["url"],
                "properties": {"url": {"type": "string", "format": "uri"}, "top": {"type": "integer", "minimum": 1, "maximum": 1000}}}}}},
              "responses": {"200": {"$ref": "#/components/responses/Classification"}, "400": {"$ref": "#/components/responses/Error"},
                "408": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"}, "415": {"$ref": "#/components/responses/Error"},
                "422": {"$ref": "#/components/responses/Error"}, "502": {"$ref": "#/components/responses/Error"},
                "503": {"$ref": "#/components/responses/Error"}, "504": {"$ref": "#/components/responses/Error"}}}},
            "/v1/model": {"get": {"summary": "The model bundle and how it runs", "operationId": "model",
              "responses": {"200": {"description": "Model metadata", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Model"}}}}}}},
            "/healthz": {"get": {"summary": "Liveness: the process answers", "operationId": "healthz",
              "responses": {"200": {"description": "Alive", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"status": {"type": "string", "enum": ["ok"]}}}}}}}}},
            "/readyz": {"get": {"summary": "Readiness: the model is loaded and answering", "operationId": "readyz",
              "responses": {"200": {"description": "Ready", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"status": {"type": "string", "enum": ["ready"]}, "model": {"type": "string"}, "probe_ms": {"type": "number"}}}}}},
                "503": {"$ref": "#/components/responses/Error"}}}},
            "/metrics": {"get": {"summary": "Prometheus metrics", "operationId": "metrics",
              "responses": {"200": {"description": "Text exposition format", "content": {"text/plain": {}}}}}},
            "/openapi.json": {"get": {"summary": "This document", "operationId": "openapi",
              "responses": {"200": {"description": "OpenAPI 3 document", "content": {"application/json": {}}}}}}
          },
          "components": {
            "parameters": {
              "top": {"name": "top", "in": "query", "required": false, "description": "How many labels to return (default 5)",
                "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 5}}
            },
            "responses": {
              "Predictions": {"description": "Labels and probabilities, best first; browsers (Accept: text/html) get an HTML result page",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Predictions"}}, "text/html": {}}},
              "Classification": {"description": "The full prediction",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Classification"}}}},
              "Error": {"description": "An error; 503 carries Retry-After",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            },
            "schemas": {
              "Upload": {"type": "object", "required": ["file"], "properties": {"file": {"type": "string", "format": "binary", "minLength": 1}}},
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
                  "risk": {"type": "string", "enum": ["dangerous", "possible", "low"], "description": "dangerous: a dangerous species is likely; possible: one cannot be ruled out"},
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
                "name": {"type": "string"}, "description": {"type": "string"},
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
