import Inference

/// How the review table is sorted.
struct ReviewSort: Sendable, Equatable {
    enum Column: Sendable, Equatable {
        /// Classification order.
        case order
        case name
        /// The snake probability, the one percentage that stands for a photo.
        case snakeProbability
    }

    var column: Column
    var ascending: Bool

    /// Choosing the column already sorted by reverses it; a new column starts with the
    /// natural direction (lowest snake probability first, names A to Z).
    func choosing(_ column: Column) -> ReviewSort {
        column == self.column
            ? ReviewSort(column: column, ascending: !ascending) : ReviewSort(column: column, ascending: true)
    }
}

/// One row of the review table.
struct ReviewRow: Sendable, Equatable {
    var key: ItemKey
    var sequence: Int
    var result: Result<Prediction, InferenceError>
    /// The model generation that answered (older than the one in use: stale).
    var generation = 0

    /// Below this certainty (or with an unsure verdict) a row is highlighted.
    static let lowCertainty = 0.8

    /// The snake probability; nil for a failure. The one percentage the table shows for a photo.
    var snakeProbability: Double? {
        guard case .success(let prediction) = result else { return nil }
        return prediction.snakeProbability
    }

    /// How sure the model is of its verdict (for highlighting only, never shown as a number):
    /// the snake probability for a snake, its complement for not a snake; nil for a failure.
    var certainty: Double? {
        guard case .success(let prediction) = result else { return nil }
        let p = prediction.snakeProbability
        switch prediction.verdict {
        case .snake: return p
        case .notSnake: return 1 - p
        case .unsure: return max(p, 1 - p)
        }
    }

    /// Unsure verdicts and verdicts less certain than `lowCertainty`.
    var isLowConfidence: Bool {
        guard case .success(let prediction) = result, let certainty else { return false }
        return prediction.verdict == .unsure || certainty < Self.lowCertainty
    }

    /// The rows of `store`, sorted.
    static func rows(of store: ResultStore, sortedBy sort: ReviewSort) -> [ReviewRow] {
        let rows = store.all.map {
            ReviewRow(key: $0.key, sequence: $0.sequence, result: $0.result, generation: $0.generation)
        }
        let ordered: [ReviewRow]
        switch sort.column {
        case .order:
            ordered = rows
        case .name:
            ordered = rows.sorted { lhs, rhs in
                let (a, b) = (lhs.key.displayName, rhs.key.displayName)
                return a == b ? lhs.sequence < rhs.sequence : a.precedesNaturally(b)
            }
        case .snakeProbability:
            // Failures first: they need a look most.
            ordered = rows.sorted { lhs, rhs in
                let (a, b) = (lhs.snakeProbability ?? -1, rhs.snakeProbability ?? -1)
                return a == b ? lhs.sequence < rhs.sequence : a < b
            }
        }
        return sort.ascending ? ordered : ordered.reversed()
    }
}

/// The review table while it is open.
struct ReviewState: Sendable, Equatable {
    var sort = ReviewSort(column: .snakeProbability, ascending: true)
    var selection = 0
    var scrollTop = 0

    init() {}

    /// Keeps `selection` within `count` rows and on screen in `pageRows` rows.
    mutating func clamp(count: Int, pageRows: Int) {
        let rows = max(pageRows, 1)
        selection = count == 0 ? 0 : min(max(selection, 0), count - 1)
        if selection < scrollTop { scrollTop = selection }
        if selection >= scrollTop + rows { scrollTop = selection - rows + 1 }
        scrollTop = max(0, min(scrollTop, max(0, count - rows)))
    }
}
