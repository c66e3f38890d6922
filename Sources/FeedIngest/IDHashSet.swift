/// The 64-bit hashes of the product ids seen so far, for the duplicate-id check.
///
/// Memory is what bounds ingestion of a large feed, so this keeps bare hashes (8 bytes each)
/// in 256 open-addressing segments that grow one at a time by half: the table stays 58% full
/// on average (about 14 bytes a product), and growing never holds two copies of the whole
/// table. Two distinct ids share a hash with probability about n²/2⁶⁵ (10⁻⁷ for 2.5 million
/// products).
struct IDHashSet {
    private var segments = [Segment](repeating: Segment(), count: 256)
    private(set) var count = 0

    /// Adds the hash (of an id, `hash(_:)`); `false` if it was already there.
    mutating func insert(hash: UInt64) -> Bool {
        let inserted = segments[Int(hash & 0xFF)].insert(hash)
        if inserted { count += 1 }
        return inserted
    }

    func contains(hash: UInt64) -> Bool {
        segments[Int(hash & 0xFF)].contains(hash)
    }

    /// Every hash in the set, in no particular order.
    var hashes: [UInt64] {
        var all: [UInt64] = []
        all.reserveCapacity(count)
        for segment in segments { all.append(contentsOf: segment.slots.lazy.filter { $0 != 0 }) }
        return all
    }

    /// The standard library's seeded hash, never 0 (0 marks an empty slot).
    static func hash(_ id: String) -> UInt64 {
        let value = UInt64(bitPattern: Int64(id.hashValue))
        return value == 0 ? 1 : value
    }

    /// Linear probing from a slot picked by the hash's upper bits (the low byte picked the
    /// segment), in a table of any size.
    private struct Segment {
        var slots = [UInt64](repeating: 0, count: 16)
        var count = 0

        static func home(_ hash: UInt64, size: Int) -> Int {
            Int(((hash >> 32) * UInt64(size)) >> 32)
        }

        func contains(_ hash: UInt64) -> Bool {
            var index = Self.home(hash, size: slots.count)
            while true {
                let slot = slots[index]
                if slot == 0 { return false }
                if slot == hash { return true }
                index = index + 1 == slots.count ? 0 : index + 1
            }
        }

        mutating func insert(_ hash: UInt64) -> Bool {
            if (count + 1) * 10 > slots.count * 7 { grow() }
            let inserted = slots.withUnsafeMutableBufferPointer { slots in
                var index = Self.home(hash, size: slots.count)
                while true {
                    let slot = slots[index]
                    if slot == 0 {
                        slots[index] = hash
                        return true
                    }
                    if slot == hash { return false }
                    index = index + 1 == slots.count ? 0 : index + 1
                }
            }
            if inserted { count += 1 }
            return inserted
        }

        private mutating func grow() {
            let old = slots
            slots = [UInt64](repeating: 0, count: old.count + old.count / 2)
            slots.withUnsafeMutableBufferPointer { slots in
                for hash in old where hash != 0 {
                    var index = Self.home(hash, size: slots.count)
                    while slots[index] != 0 { index = index + 1 == slots.count ? 0 : index + 1 }
                    slots[index] = hash
                }
            }
        }
    }
}
