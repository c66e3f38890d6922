/// An amount in US dollars, held as integer micro-dollars so sums never drift.
public struct Money: Sendable, Hashable, Codable, Comparable, AdditiveArithmetic, CustomStringConvertible {
    public var micros: Int64

    public init(micros: Int64) {
        self.micros = micros
    }

    /// The largest amount, either sign, a `Double` converts from: a billion dollars, far past any
    /// charge or budget, and small enough that sums of thousands of them stay in `Int64`.
    public static let maxUSD = 1_000_000_000.0

    /// A dollar amount that is not finite or is beyond ±`maxUSD`: it has no `Money` value.
    public struct OutOfRange: Error, Sendable, Equatable, CustomStringConvertible {
        public var usd: Double
        public var description: String { "\(usd) is not an amount of dollars between -1e9 and 1e9" }
    }

    /// Rounds to the nearest micro-dollar; a number from outside (a spec, a server) that is not
    /// finite or beyond ±`maxUSD` is an error, not a trap in the conversion to `Int64`.
    public init(checkedUSD usd: Double) throws(OutOfRange) {
        guard usd.isFinite, abs(usd) <= Self.maxUSD else { throw OutOfRange(usd: usd) }
        self.micros = Int64((usd * 1_000_000).rounded())
    }

    /// Rounds to the nearest micro-dollar, for amounts the program computes from its own prices.
    /// Never traps: beyond ±`maxUSD` it saturates there and NaN is zero. Numbers from a spec or
    /// a server go through `init(checkedUSD:)` instead.
    public init(usd: Double) {
        let bounded = usd.isNaN ? 0 : min(max(usd, -Self.maxUSD), Self.maxUSD)
        self.micros = Int64((bounded * 1_000_000).rounded())
    }

    public static let zero = Money(micros: 0)

    public var usd: Double { Double(micros) / 1_000_000 }

    public static func + (lhs: Money, rhs: Money) -> Money { Money(micros: lhs.micros + rhs.micros) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(micros: lhs.micros - rhs.micros) }
    public static func * (lhs: Money, rhs: Int) -> Money { Money(micros: lhs.micros * Int64(rhs)) }
    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.micros < rhs.micros }

    /// `$1.2345`: four decimals, enough for per-image prices of a few tenths of a cent.
    public var description: String {
        let sign = micros < 0 ? "-" : ""
        let tenThousandths = (abs(micros) + 50) / 100
        let whole = tenThousandths / 10_000
        let fraction = String(tenThousandths % 10_000)
        return "\(sign)$\(whole).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)"
    }
}
