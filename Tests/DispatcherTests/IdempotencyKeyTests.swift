import Testing

@testable import Dispatcher

/// Every submission's key: the API answers a repeated key with the first task, so two jobs
/// must never draw the same one, and its shape is what EvoLink accepts (16–96 characters of
/// `[A-Za-z0-9._-]`).
struct IdempotencyKeyTests {
    @Test func aKeyIsCrAnd128RandomBitsInLowercaseHex() {
        let keys = (0..<2000).map { _ in JobContext.newIdempotencyKey() }
        for key in keys {
            #expect(key.wholeMatch(of: #/cr-[0-9a-f]{32}/#) != nil, "\(key)")
        }
        #expect(Set(keys).count == keys.count)
        // Every hex digit position varies: no half of the 128 bits is fixed.
        for position in 3..<35 {
            let digits = Set(keys.map { Array($0.utf8)[position] })
            #expect(digits.count > 8, "digit \(position - 3) took only \(digits.count) values")
        }
    }
}
