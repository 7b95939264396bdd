import Inference

/// Everything classified this session, one record per file or URL: the cache the browser
/// answers from (a file hits only at the same modification time) and the review table's rows.
struct ResultStore: Sendable, Equatable {
    /// One classified file or URL.
    struct Record: Sendable, Equatable {
        var key: ItemKey
        var result: Result<Prediction, InferenceError>
        /// Classification order, from 0.
        var sequence: Int
        /// The model generation that answered (`ModelSwitching.generation`).
        var generation = 0
    }

    private var records: [String: Record] = [:]
    private var nextSequence = 0

    init() {}

    /// The number of files and URLs classified.
    var count: Int { records.count }

    /// All records, in classification order.
    var all: [Record] { records.values.sorted { $0.sequence < $1.sequence } }

    /// The number of stored failures (counted without sorting: the status line asks every frame).
    var failureCount: Int {
        records.values.count { if case .failure = $0.result { true } else { false } }
    }

    /// The result for exactly `key` (a file edited since is a miss).
    func result(for key: ItemKey) -> Result<Prediction, InferenceError>? {
        guard let record = records[key.source], record.key == key else { return nil }
        return record.result
    }

    /// The latest record for a path or URL, whatever its modification time.
    func latest(source: String) -> Record? {
        records[source]
    }

    /// The model generation that answered for exactly `key`, if it has an answer.
    func generation(for key: ItemKey) -> Int? {
        guard let record = records[key.source], record.key == key else { return nil }
        return record.generation
    }

    /// Stores a result, replacing any earlier one for the same path or URL.
    mutating func store(_ result: Result<Prediction, InferenceError>, for key: ItemKey, generation: Int = 0) {
        records[key.source] = Record(key: key, result: result, sequence: nextSequence, generation: generation)
        nextSequence += 1
    }
}

/// Decoded previews by item, the most recently used kept (a bounded cache, so that moving
/// back to an image shows it at once).
typealias PreviewCache = RecentCache<ItemKey, Result<RGBImage, InferenceError>>

extension RecentCache where Key == ItemKey, Value == Result<RGBImage, InferenceError> {
    init() { self.init(capacity: 48) }
}
