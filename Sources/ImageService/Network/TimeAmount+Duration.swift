import NIOCore

extension TimeAmount {
    /// A Swift `Duration` as NIO's timer unit (to the nanosecond), for deadlines and timers set
    /// on the event loop.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
