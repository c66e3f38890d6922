import Yams

extension SpecLoader {
    static let feedTimeoutKeys = FeedTimeouts.maximums.map(\.0)

    /// `feed.timeouts: {connect: 30, idle: 120, total: 3600}`, whole seconds, each optional.
    static func readFeedTimeouts(_ node: Node, reader: inout SpecNodeReader) -> FeedTimeouts {
        var timeouts = FeedTimeouts()
        guard let entries = reader.mapping(node, path: "feed.timeouts", allowed: feedTimeoutKeys) else {
            return timeouts
        }
        func seconds(_ key: String, upTo limit: Int) -> Duration? {
            entries[key].flatMap { reader.int($0, path: "feed.timeouts.\(key)", range: 1...limit) }.map {
                .seconds($0)
            }
        }
        if let connect = seconds("connect", upTo: FeedTimeouts.maximumConnectSeconds) { timeouts.connect = connect }
        if let idle = seconds("idle", upTo: FeedTimeouts.maximumIdleSeconds) { timeouts.idle = idle }
        if let total = seconds("total", upTo: FeedTimeouts.maximumTotalSeconds) { timeouts.total = total }
        return timeouts
    }
}
