import Hummingbird

/// `?top=K`: how many labels an answer lists, from 1 to the model's number of labels.
enum TopParameter {
    /// The request's `top`, or `defaultValue`.
    /// - Throws: ``APIError`` `invalid_parameter` for anything but a whole number in range.
    static func read(_ request: Request, default defaultValue: Int, labels: Int) throws(APIError) -> Int {
        guard let value = request.uri.queryParameters["top"] else { return defaultValue }
        guard let top = Int(value) else { throw invalid(labels: labels) }
        return try valid(top, labels: labels)
    }

    /// `top` if it is in range.
    static func valid(_ top: Int, labels: Int) throws(APIError) -> Int {
        guard (1...max(labels, 1)).contains(top) else { throw invalid(labels: labels) }
        return top
    }

    private static func invalid(labels: Int) -> APIError {
        .invalidParameter("top", "must be a whole number from 1 to \(labels)")
    }
}
