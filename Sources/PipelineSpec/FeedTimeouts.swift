/// How long a remote feed may take (`feed.timeouts`), so a nightly job never waits forever on a
/// server that stalls or sends one byte at a time.
public struct FeedTimeouts: Sendable, Equatable {
    /// To open the TCP (and TLS) connection.
    public var connect: Duration
    /// With no byte arriving, from the request until the whole feed is in.
    public var idle: Duration
    /// For the whole download, however steadily bytes arrive.
    public var total: Duration

    public static let defaultConnectSeconds = 30
    public static let defaultIdleSeconds = 120
    public static let defaultTotalSeconds = 3600
    /// The largest values accepted (spec and command line): ten minutes to connect, an hour of
    /// silence, a day for the whole feed. Beyond them a value is a typo, not a deadline.
    public static let maximumConnectSeconds = 600
    public static let maximumIdleSeconds = 3600
    public static let maximumTotalSeconds = 86_400

    /// Each timeout's name (as in `feed.timeouts`) and largest value, in order.
    public static let maximums = [
        ("connect", maximumConnectSeconds), ("idle", maximumIdleSeconds), ("total", maximumTotalSeconds),
    ]

    public init(
        connect: Duration = .seconds(defaultConnectSeconds), idle: Duration = .seconds(defaultIdleSeconds),
        total: Duration = .seconds(defaultTotalSeconds)
    ) {
        self.connect = connect
        self.idle = idle
        self.total = total
    }
}
