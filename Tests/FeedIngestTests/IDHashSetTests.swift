import Testing

@testable import FeedIngest

/// The spill's drain: every hash comes out once, in ascending order, from the table's own
/// memory; a writer that fails part-way leaves the set whole.
@Suite struct IDHashSetTests {
    private static func filled(_ count: Int) -> (IDHashSet, [UInt64]) {
        var set = IDHashSet()
        let hashes = (0..<count).map { IDHashSet.hash("SKU-\($0)") }
        for hash in hashes { _ = set.insert(hash: hash) }
        #expect(set.count == count)
        return (set, hashes)
    }

    @Test(arguments: [0, 1, 300, 20_000])
    func aDrainHandsOverEveryHashInAscendingOrderAndEmptiesTheSet(count: Int) {
        var (set, hashes) = Self.filled(count)
        var drained: [UInt64] = []
        var pieces = 0
        set.removeAll { piece in
            drained.append(contentsOf: piece)
            pieces += 1
        }
        #expect(drained == hashes.sorted())
        #expect(pieces == 256)
        #expect(set.count == 0)
        #expect(!hashes.contains { set.contains(hash: $0) })
        var insertedAgain = 0
        for hash in hashes where set.insert(hash: hash) { insertedAgain += 1 }
        #expect(insertedAgain == count)
        #expect(set.count == count)
    }

    struct DiskFull: Error {}

    /// Failing at the first, a middle and the last segment: the segments already sorted for the
    /// writer are hash tables again, and no hash is lost or doubled.
    @Test(arguments: [0, 97, 255])
    func aDrainThatFailsPartWayLeavesEveryHashInTheSet(failingAt failing: Int) {
        var (set, hashes) = Self.filled(20_000)
        var pieces = 0
        var thrown: (any Error)?
        do {
            try set.removeAll { _ in
                if pieces == failing { throw DiskFull() }
                pieces += 1
            }
        } catch {
            thrown = error
        }
        #expect(thrown is DiskFull)
        #expect(pieces == failing)
        #expect(set.count == 20_000)
        #expect(hashes.allSatisfy { set.contains(hash: $0) })
        var insertedAgain = 0
        for hash in hashes where set.insert(hash: hash) { insertedAgain += 1 }
        #expect(insertedAgain == 0)
        #expect(set.count == 20_000)
        #expect(!set.contains(hash: IDHashSet.hash("SKU-20000")))
        var drained: [UInt64] = []
        set.removeAll { drained.append(contentsOf: $0) }
        #expect(drained == hashes.sorted())
    }
}
