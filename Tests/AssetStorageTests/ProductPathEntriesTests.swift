import Testing

@testable import AssetStorage

/// The path check's table keeps half of each hash in its slots: entries whose hashes share that
/// half, or the slot they start at, or both, are still told apart by their whole hash, before
/// and after the table grows.
struct ProductPathEntriesTests {
    @Test func hashesThatShareTheirUpperHalfOrTheirSlotAreToldApart() {
        var table = ProductPathEntries()
        // The same upper half, and the same starting slot while the table has 1,024 slots (the
        // low ten bits agree); they differ only in the bits between.
        let hashes = (0..<3000).map { (index: Int) -> Int in
            let upper: UInt = 0x1234_5678 << 32
            let middle = UInt(index) << 10
            return Int(bitPattern: upper | middle | 5)
        }
        for (number, hash) in hashes.enumerated() {
            let added = table.entry(hash: hash, orAdd: "P-\(number)")
            #expect(added.isNew && added.number == number)
        }
        // Found again, each its own, after growing from 1,024 slots to 4,096 or more.
        for (number, hash) in hashes.enumerated() {
            let found = table.entry(hash: hash, orAdd: "")
            #expect(!found.isNew && found.number == number, "entry \(number) is found again")
            #expect(table.entries[found.number].productID == "P-\(number)")
        }
        #expect(table.entries.count == hashes.count)
    }
}
