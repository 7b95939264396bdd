extension Duration {
    /// The duration in seconds as a `Double`.
    public var totalSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
