/// The Open Inference Protocol's routes in the OpenAPI document: paths and schemas added to the
/// document's template (one home: beside the controller they describe).
enum InferenceProtocolOpenAPI {
    /// `template` (the document's JSON text) with these paths and schemas added.
    static func adding(to template: String) -> String {
        template.replacing(#""paths": {"#, with: #""paths": {"# + paths + ",")
            .replacing(#""schemas": {"#, with: #""schemas": {"# + schemas + ",")
    }

    private static let paths = #"""
        "/v2/health/live": {"get": {"summary": "Open Inference Protocol (KServe v2): the server is live", "operationId": "v2Live",
          "responses": {"200": {"description": "Live", "content": {"application/json": {"schema": {"type": "object", "required": ["live"], "properties": {"live": {"type": "boolean"}}}}}}}}},
        "/v2/health/ready": {"get": {"summary": "Open Inference Protocol: the default model is loaded and answering", "operationId": "v2Ready",
          "responses": {"200": {"description": "Ready", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Ready"}}}}, "503": {"description": "An error as the protocol has it: {\"error\": \"CODE: message\"}; 503 carries Retry-After", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Error"}}}}}}},
        "/v2": {"get": {"summary": "Open Inference Protocol: server metadata", "operationId": "v2Metadata",
          "responses": {"200": {"description": "Server metadata", "content": {"application/json": {"schema": {"type": "object",
            "required": ["name", "version", "extensions"], "properties": {"name": {"type": "string"}, "version": {"type": "string"},
            "extensions": {"type": "array", "items": {"type": "string"}}}}}}}}}},
        "/v2/models/{name}": {"get": {"summary": "Open Inference Protocol: a model's inputs and outputs", "operationId": "v2ModelMetadata",
          "parameters": [{"$ref": "#/components/parameters/model"}],
          "responses": {"200": {"description": "Model metadata", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2ModelMetadata"}}}},
            "404": {"description": "An error as the protocol has it: {\"error\": \"CODE: message\"}; 503 carries Retry-After", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Error"}}}}}}},
        "/v2/models/{name}/ready": {"get": {"summary": "Open Inference Protocol: the model is ready", "operationId": "v2ModelReady",
          "parameters": [{"$ref": "#/components/parameters/model"}],
          "responses": {"200": {"description": "Ready", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Ready"}}}}, "404": {"description": "An error as the protocol has it: {\"error\": \"CODE: message\"}; 503 carries Retry-After", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Error"}}}},
            "503": {"description": "An error as the protocol has it: {\"error\": \"CODE: message\"}; 503 carries Retry-After", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Error"}}}}}}},
        "/v2/models/{name}/infer": {"post": {"summary": "Open Inference Protocol: classify a batch, as encoded images (input `image`, BYTES [N], base64 in JSON) or preprocessed pixels (input `pixels`, FP32 [N, 3, H, W]); with the binary tensor data extension, tensors follow the JSON, whose length Inference-Header-Content-Length gives", "operationId": "v2Infer",
          "parameters": [{"$ref": "#/components/parameters/model"},
            {"name": "Inference-Header-Content-Length", "in": "header", "required": false, "description": "Binary tensor data extension: the length of the JSON at the start of the body",
              "schema": {"type": "integer", "minimum": 0}}],
          "requestBody": {"required": true, "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/V2InferRequest"}},
            "application/octet-stream": {"schema": {"type": "string", "format": "binary", "minLength": 1}}}},
          "responses": {"200": {"description": "The outputs; binary ones follow the JSON (Inference-Header-Content-Length)",
              "headers": {"Inference-Header-Content-Length": {"schema": {"type": "integer"}}},
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2InferResponse"}}, "application/octet-stream": {}}},
            "400": {"description": "An error as the protocol has it: {\"error\": \"CODE: message\"}; 503 carries Retry-After", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Error"}}}}, "404": {"description": "An error as the protocol has it: {\"error\": \"CODE: message\"}; 503 carries Retry-After", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Error"}}}},
            "408": {"description": "An error as the protocol has it: {\"error\": \"CODE: message\"}; 503 carries Retry-After", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Error"}}}}, "413": {"description": "An error as the protocol has it: {\"error\": \"CODE: message\"}; 503 carries Retry-After", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Error"}}}},
            "415": {"description": "An error as the protocol has it: {\"error\": \"CODE: message\"}; 503 carries Retry-After", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Error"}}}}, "422": {"description": "An error as the protocol has it: {\"error\": \"CODE: message\"}; 503 carries Retry-After", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Error"}}}},
            "503": {"description": "An error as the protocol has it: {\"error\": \"CODE: message\"}; 503 carries Retry-After", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/V2Error"}}}}}}}
        """#

    private static let schemas = #"""
        "V2Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
        "V2Ready": {"type": "object", "required": ["ready"], "properties": {"ready": {"type": "boolean"}}},
        "V2Tensor": {"type": "object", "required": ["name", "datatype", "shape"], "properties": {
          "name": {"type": "string"}, "datatype": {"type": "string"}, "shape": {"type": "array", "items": {"type": "integer"}}}},
        "V2ModelMetadata": {"type": "object", "required": ["name", "versions", "platform", "inputs", "outputs"], "properties": {
          "name": {"type": "string"}, "versions": {"type": "array", "items": {"type": "string"}}, "platform": {"type": "string"},
          "inputs": {"type": "array", "items": {"$ref": "#/components/schemas/V2Tensor"}},
          "outputs": {"type": "array", "items": {"$ref": "#/components/schemas/V2Tensor"}}}},
        "V2InferRequest": {"type": "object", "required": ["inputs"], "properties": {
          "id": {"type": "string"},
          "parameters": {"type": "object", "properties": {"binary_data_output": {"type": "boolean"},
            "top": {"type": "integer", "minimum": 1, "maximum": 1000}}},
          "inputs": {"type": "array", "minItems": 1, "maxItems": 1, "items": {"type": "object", "required": ["name", "datatype", "shape"], "properties": {
            "name": {"type": "string", "enum": ["image", "pixels"]},
            "datatype": {"type": "string", "enum": ["BYTES", "FP32"]},
            "shape": {"type": "array", "minItems": 1, "maxItems": 8, "items": {"type": "integer", "minimum": 0}},
            "parameters": {"type": "object", "properties": {"binary_data_size": {"type": "integer", "minimum": 0}}},
            "data": {"type": "array", "description": "BYTES: base64 strings (the encoded images); FP32: numbers; flat or nested"}}}},
          "outputs": {"type": "array", "items": {"type": "object", "required": ["name"], "properties": {
            "name": {"type": "string", "enum": ["probabilities", "labels", "snake_probability", "venomous_probability", "dangerous_probability", "verdict", "risk"]},
            "parameters": {"type": "object", "properties": {"binary_data": {"type": "boolean"}}}}}}}},
        "V2InferResponse": {"type": "object", "required": ["model_name", "outputs"], "properties": {
          "model_name": {"type": "string"}, "model_version": {"type": "string"}, "id": {"type": "string"},
          "outputs": {"type": "array", "items": {"type": "object", "required": ["name", "datatype", "shape"], "properties": {
            "name": {"type": "string"}, "datatype": {"type": "string", "enum": ["FP32", "BYTES"]},
            "shape": {"type": "array", "items": {"type": "integer"}},
            "parameters": {"type": "object", "properties": {"binary_data_size": {"type": "integer"}}},
            "data": {"type": "array", "items": {"oneOf": [{"type": "number"}, {"type": "string"}]}}}}}}}
        """#
}
