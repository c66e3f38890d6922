/// An amount in US dollars, held as integer micro-dollars so sums never drift.
public struct Money: Sendable, Hashable, Codable, Comparable, AdditiveArithmetic, CustomStringConvertible {
    public var micros: Int64

    public init(micros: Int64) {
        self.micros = micros
    }

    /// Rounds to the nearest micro-dollar.
    public init(usd: Double) {
        self.micros = Int64((usd * 1_000_000).rounded())
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
