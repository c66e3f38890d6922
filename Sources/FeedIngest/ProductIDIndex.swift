import Foundation

/// The ids seen so far in a feed, for the duplicate-id check, in memory that does not grow
/// with the feed: the exact 64-bit hashes of the most recent half million ids live in an
/// in-memory table (about 7 MB when full), older ones in sorted runs in an unlinked temporary
/// file behind a blocked Bloom filter (8 MB, one cache line a lookup) that answers "new" for
/// almost every id; a run is read only when the filter says "maybe" (about 1 in 10,000 ids at
/// 2.5 million, plus the true duplicates). A catalog of up to half a million products never
/// spills: sorting, writing and filtering were a quarter of reading a 300,000-product feed.
///
/// Without a writable temporary folder it keeps every hash in memory instead (about 14 bytes
/// an id) and says nothing: correctness never depends on the disk.
final class ProductIDIndex {
    /// Allocated at the first spill: a feed that fits in `recent` never pays for it. Covers
    /// exactly the hashes in `runs`.
    private var bloom: [UInt64] = []
    private let blockCount: Int
    private var recent = IDHashSet()
    private let recentLimit: Int
    private var runs: [SortedHashRun] = []
    private var spillFailed = false

    /// `bloomBytes` and `recentLimit` are small in tests, to exercise spilling and merging.
    init(bloomBytes: Int = 8 << 20, recentLimit: Int = 1 << 19) {
        blockCount = max(1, bloomBytes / 64)
        self.recentLimit = recentLimit
    }

    /// Records the id's hash; `false` if it was seen before.
    func insert(hash: UInt64) -> Bool {
        if contains(hash: hash) { return false }
        add(hash: hash)
        return true
    }

    /// Records a hash that `contains(hash:)` has just said is new, without asking again: the
    /// validator's path, once per product.
    func add(hash: UInt64) {
        _ = recent.insert(hash: hash)
        if recent.count >= recentLimit && !spillFailed { spill() }
    }

    func contains(hash: UInt64) -> Bool {
        if recent.contains(hash: hash) { return true }
        return !runs.isEmpty && mightContain(hash) && runs.contains { $0.contains(hash) }
    }

    // MARK: The filter: six bits in one 512-bit block.

    private func mightContain(_ hash: UInt64) -> Bool {
        let base = block(of: hash)
        var probe = hash
        for _ in 0..<6 {
            let bit = Int(probe & 511)
            if bloom[base + bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
            probe >>= 9
        }
        return true
    }

    private func addToFilter(_ hash: UInt64) {
        let base = block(of: hash)
        var probe = hash
        for _ in 0..<6 {
            let bit = Int(probe & 511)
            bloom[base + bit >> 6] |= 1 << UInt64(bit & 63)
            probe >>= 9
        }
    }

    private func block(of hash: UInt64) -> Int {
        // The upper bits, which the in-block positions (the lower 54) do not use.
        Int(((hash >> 54) &* 0x9E37_79B9 ^ (hash >> 32)) % UInt64(blockCount)) * 8
    }

    /// Moves the recent hashes to a sorted run on disk; merges the runs once there are many,
    /// so a lookup reads at most a few of them.
    private func spill() {
        do {
            let hashes = recent.hashes
            runs.append(try SortedHashRun(sorted: hashes.sorted()))
            if bloom.isEmpty { bloom = [UInt64](repeating: 0, count: blockCount * 8) }
            for hash in hashes { addToFilter(hash) }
            recent = IDHashSet()
            if runs.count > 8 { runs = [try SortedHashRun(merging: runs)] }
        } catch {
            spillFailed = true
        }
    }
}
