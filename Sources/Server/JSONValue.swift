import FoundationEssentials

/// Any JSON value: what the inference protocol's free-form `parameters` hold, and the OpenAPI
/// template that `OpenAPIDocument` edits. Converts to and from the `[String: Any]` / `[Any]`
/// shape that such edits read best in; JSON's `null` is ``JSONValue/Null`` there.
enum JSONValue: Codable, Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// JSON's `null` in the `Any` shape.
    struct Null: Equatable, Sendable {}

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The value from the `Any` shape; nil when it holds something JSON cannot.
    init?(any value: Any) {
        switch value {
        case is Null: self = .null
        case let value as Bool: self = .bool(value)
        case let value as Int: self = .number(Double(value))
        case let value as Double: self = .number(value)
        case let value as String: self = .string(value)
        case let value as [Any]:
            var items: [JSONValue] = []
            for item in value {
                guard let item = JSONValue(any: item) else { return nil }
                items.append(item)
            }
            self = .array(items)
        case let value as [String: Any]:
            var members: [String: JSONValue] = [:]
            for (key, member) in value {
                guard let member = JSONValue(any: member) else { return nil }
                members[key] = member
            }
            self = .object(members)
        default: return nil
        }
    }

    /// The value in the `Any` shape: whole numbers as `Int`.
    var any: Any {
        switch self {
        case .null: Null()
        case .bool(let value): value
        case .number(let value): integer.map { $0 as Any } ?? value
        case .string(let value): value
        case .array(let value): value.map(\.any)
        case .object(let value): value.mapValues(\.any)
        }
    }

    /// The value as a whole number, when it is one.
    var integer: Int? {
        guard case .number(let number) = self, number.rounded() == number, abs(number) < 1e15 else { return nil }
        return Int(number)
    }

    /// Parses `text`; nil when it is not JSON.
    static func parse(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// The compact text, keys sorted, slashes unescaped.
    var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}
