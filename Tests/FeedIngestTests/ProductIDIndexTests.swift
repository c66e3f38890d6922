import CatalogTestSupport
import Foundation
import Testing

@testable import FeedIngest

/// The duplicate-id index with tiny limits, so ids spill to disk, runs merge and the filter
/// fills up: still exact.
@Suite(.offThePool)
struct ProductIDIndexTests {
    @Test(arguments: [64, 4096])
    func everyDuplicateIsFoundAfterSpillsAndMerges(bloomBytes: Int) {
        let index = ProductIDIndex(bloomBytes: bloomBytes, recentLimit: 97)
        let hashes = (0..<20_000).map { IDHashSet.hash("SKU-\($0)") }
        var fresh = 0
        for hash in hashes where index.insert(hash: hash) { fresh += 1 }
        #expect(fresh == 20_000)
        var duplicates = 0
        for hash in hashes.reversed() where !index.insert(hash: hash) { duplicates += 1 }
        #expect(duplicates == 20_000)
        #expect(!index.contains(hash: IDHashSet.hash("SKU-20000")))
        #expect(index.insert(hash: IDHashSet.hash("SKU-20000")))
        #expect(index.contains(hash: IDHashSet.hash("SKU-20000")))
    }

    /// A spill that cannot be written (no such folder, here) keeps the table's hashes in memory:
    /// no id seen is forgotten, before the failed spill or after it.
    @Test func everyDuplicateIsFoundWhenSpillsFail() {
        let nowhere = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)")
        let index = ProductIDIndex(bloomBytes: 4096, recentLimit: 97, directory: nowhere)
        let hashes = (0..<5_000).map { IDHashSet.hash("SKU-\($0)") }
        for hash in hashes { #expect(index.insert(hash: hash)) }
        for hash in hashes { #expect(!index.insert(hash: hash)) }
        #expect(!index.contains(hash: IDHashSet.hash("SKU-5000")))
    }

    /// A disk that fills part-way through a spill's run, at the first spill (no filter yet) or
    /// at a later one (a filter and a run on disk already): the table keeps what it held, and
    /// every id is still found, before the failure and after it.
    @Test(arguments: [(1, 0), (1, 130), (1, 255), (2, 130)])
    func everyDuplicateIsFoundWhenASpillFailsPartWay(failingSpill: Int, atPiece piece: Int) {
        let index = ProductIDIndex(bloomBytes: 4096, recentLimit: 97)
        let hashes = (0..<5_000).map { IDHashSet.hash("SKU-\($0)") }
        for (number, hash) in hashes.enumerated() {
            // The n-th spill comes with the (97 × n)-th id.
            if number == 97 * (failingSpill - 1) { index.failsSpillAtPiece = piece }
            #expect(index.insert(hash: hash))
        }
        for hash in hashes { #expect(!index.insert(hash: hash)) }
        #expect(!index.contains(hash: IDHashSet.hash("SKU-5000")))
        #expect(index.insert(hash: IDHashSet.hash("SKU-5000")))
    }

    @Test func aRunWrittenInPiecesHoldsEveryHash() throws {
        let run = try SortedHashRun { append in
            for piece in [[], [1, 5], [5, 9], [], [12]] as [[UInt64]] { try piece.withUnsafeBufferPointer(append) }
        }
        #expect(run.count == 5)
        for value in 0...13 { #expect(run.contains(UInt64(value)) == [1, 5, 9, 12].contains(value)) }
    }

    @Test func aMergedRunHoldsEveryHashInOrder() throws {
        let runs = try [[1, 5, 9], [2, 3], [], [4, 10, 11, 12]].map { (hashes: [UInt64]) in
            try SortedHashRun { append in try hashes.withUnsafeBufferPointer(append) }
        }
        let merged = try SortedHashRun(merging: runs)
        #expect(merged.count == 9)
        for value in 0...13 {
            #expect(merged.contains(UInt64(value)) == [1, 2, 3, 4, 5, 9, 10, 11, 12].contains(value))
        }
    }
}
