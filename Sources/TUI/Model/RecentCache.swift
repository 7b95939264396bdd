/// Values by key, the `capacity` most recently inserted kept (the oldest go first).
struct RecentCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    let capacity: Int
    private var values: [Key: Value] = [:]
    /// The keys held, oldest first.
    private(set) var keys: [Key] = []

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    subscript(key: Key) -> Value? {
        values[key]
    }

    mutating func insert(_ value: Value, for key: Key) {
        if values.updateValue(value, forKey: key) != nil { keys.removeAll { $0 == key } }
        keys.append(key)
        while keys.count > capacity { values[keys.removeFirst()] = nil }
    }
}

extension RecentCache: Equatable where Value: Equatable {}
