extension KeyedDecodingContainer {
    /// The value for `key`, nil when the key is absent; an explicit `null` is an error (the
    /// documented schemas say "a string", "an integer": a `null` is a client's mistake).
    func decodeUnlessAbsent<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value? {
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) {
            throw DecodingError.valueNotFound(
                type, .init(codingPath: codingPath + [key], debugDescription: "null where a value is expected"))
        }
        return try decode(type, forKey: key)
    }
}
