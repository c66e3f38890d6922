import Foundation

/// The ids seen so far in a feed, for the duplicate-id check, in memory that does not grow
/// with the feed: a blocked Bloom filter (8 MB, one cache line a lookup) answers "new" for
/// almost every id; the exact 64-bit hashes live in a small in-memory table for the most recent
/// ids and, past it, in sorted runs in an unlinked temporary file, read only when the filter
/// says "maybe" (about 1 in 10,000 ids at 2.5 million, plus the true duplicates).
///
/// The table holds 1,048,576 ids (about 14 MB): a catalog of a million products, the user's
/// shape, never spills, and its plan neither sorts nor writes a run nor makes the 8 MB filter
/// (spilling at half a million cost a 1M plan 6% of its time). A spill sorts the table in its
/// own memory, so ingesting a 1 GB feed (2.5 million products, two spills) peaks at 55 MB
/// against a 64 MB target, as it did with half the table and a spill that copied it.
///
/// Without a writable temporary folder it keeps every hash in memory instead (about 14 bytes
/// an id) and says nothing: correctness never depends on the disk.
///
/// One reader uses it (`ProductValidator`), never two threads: its state is declared
/// `@exclusivity(unchecked)`, as the runtime's check of each access to a class's stored
/// property cost 1% of a plan's CPU, twice per product.
final class ProductIDIndex {
    /// Allocated at the first spill: a feed that fits in `recent` never pays for it. Covers at
    /// least the hashes in `runs` (a spill that failed part-way may have added others).
    @exclusivity(unchecked) private var bloom: [UInt64] = []
    private let blockCount: Int
    @exclusivity(unchecked) private var recent = IDHashSet()
    private let recentLimit: Int
    @exclusivity(unchecked) private var runs: [SortedHashRun] = []
    @exclusivity(unchecked) private var spillFailed = false
    /// Where runs are written.
    private let directory: URL
    /// For tests: a spill's write fails at this piece (`IDHashSet.removeAll(inOrderInto:)`
    /// hands over one per segment), as a full disk would part-way through a run.
    var failsSpillAtPiece: Int?

    /// `bloomBytes` and `recentLimit` are small in tests, to exercise spilling and merging, and
    /// `directory` one that cannot be written, to exercise a spill that fails.
    init(
        bloomBytes: Int = 8 << 20, recentLimit: Int = 1 << 20,
        directory: URL = FileManager.default.temporaryDirectory
    ) {
        blockCount = max(1, bloomBytes / 64)
        self.recentLimit = recentLimit
        self.directory = directory
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

    /// Moves the recent hashes to a sorted run on disk, adding each to the filter on its way;
    /// merges the runs once there are many, so a lookup reads at most a few of them. The table
    /// is sorted in its own memory (`IDHashSet.removeAll(inOrderInto:)`), so a spill never
    /// holds a second copy of the hashes: the table and the filter are its peak.
    private func spill() {
        let hadFilter = !bloom.isEmpty
        // Made before the run's file is opened, as the hashes go to both at once: a folder that
        // cannot be written costs one allocation, dropped below.
        if !hadFilter { bloom = [UInt64](repeating: 0, count: blockCount * 8) }
        var pieces = 0
        do {
            let run = try SortedHashRun(in: directory) { append in
                try recent.removeAll { hashes in
                    if pieces == failsSpillAtPiece { throw CocoaError(.fileWriteOutOfSpace) }
                    pieces += 1
                    try append(hashes)
                    for hash in hashes { addToFilter(hash) }
                }
            }
            runs.append(run)
        } catch {
            // The table keeps them, as without a temporary folder: nothing seen is forgotten.
            // The filter may have gained bits for hashes not on disk: it only ever says "maybe"
            // more often, and it is dropped if no run needs it.
            if !hadFilter { bloom = [] }
            spillFailed = true
            return
        }
        do {
            if runs.count > 8 { runs = [try SortedHashRun(merging: runs, in: directory)] }
        } catch {
            spillFailed = true
        }
    }
}
