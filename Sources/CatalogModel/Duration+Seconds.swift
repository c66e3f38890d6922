extension Duration {
    /// The duration in seconds as a `Double`: for rates, reports and JSON, which take numbers.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
