import CatalogModel
import Testing

@Suite("Number conversion attacks")
struct NumberConversionAttackTests {
    /// #20 item 4: dollars from outside that are not finite or beyond a billion are an error,
    /// never a trap converting to `Int64` micro-dollars (`1e13` crashed `validate`, exit 132).
    @Test(arguments: [1e13, -1e13, 1e300, Double.infinity, -Double.infinity, Double.nan, 1_000_000_000.5])
    func outOfRangeDollarsAreAnError(usd: Double) {
        #expect(throws: Money.OutOfRange.self) { try Money(checkedUSD: usd) }
    }

    /// #20 item 4: the unchecked conversion, for the program's own prices, saturates instead of
    /// trapping.
    @Test func theUncheckedConversionNeverTraps() throws {
        #expect(Money(usd: 1e300) == Money(micros: 1_000_000_000_000_000))
        #expect(Money(usd: -.infinity) == Money(micros: -1_000_000_000_000_000))
        #expect(Money(usd: .nan) == .zero)
        #expect(try Money(checkedUSD: 1_000_000_000) == Money(micros: 1_000_000_000_000_000))
        #expect(try Money(checkedUSD: 0.0126) == Money(micros: 12_600))
    }

    /// #20 item 4: an explicit size whose edges multiply past `Int` is a problem, not a trap.
    @Test func hugeExplicitSizesAreProblems() {
        let settings = ImageSettings(size: "4611686018427387904x4611686018427387904")
        #expect(ImageSizeRules.problems(with: settings).count == 1)
        #expect(ImageSizeRules.dimensions(size: "1e308:1", resolution: "1K") == nil)
    }
}
