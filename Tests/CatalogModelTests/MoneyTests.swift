import CatalogModel
import Testing

struct MoneyTests {
    @Test func keepsMicroDollarsExactly() {
        let total = (0..<1000).reduce(Money.zero) { sum, _ in sum + Money(usd: 0.0054) }
        #expect(total == Money(micros: 5_400_000))
        #expect(total.description == "$5.4000")
    }

    @Test(arguments: [(0, "$0.0000"), (15_000, "$0.0150"), (1_234_567, "$1.2346"), (-50_000, "-$0.0500")])
    func printsFourDecimals(micros: Int64, text: String) {
        #expect(Money(micros: micros).description == text)
    }
}
