/// The 64-bit hashes of the product ids seen so far, for the duplicate-id check.
///
/// Memory is what bounds ingestion of a large feed, so this keeps bare hashes (8 bytes each)
/// in 256 open-addressing segments that grow one at a time by half: the table stays 58% full
/// on average (about 14 bytes a product), and growing never holds two copies of the whole
/// table. Two distinct ids share a hash with probability about n²/2⁶⁵ (10⁻⁷ for 2.5 million
/// products).
///
/// A hash's top byte picks its segment, so the segments in order, each sorted, are the whole
/// set sorted: `removeAll(inOrderInto:)` spills the table to disk by sorting each segment in
/// its own slots, never holding a second copy of the hashes.
struct IDHashSet {
    private var segments = [Segment](repeating: Segment(), count: 256)
    private(set) var count = 0

    /// Adds the hash (of an id, `hash(_:)`); `false` if it was already there.
    mutating func insert(hash: UInt64) -> Bool {
        assert(hash != 0, "0 marks an empty slot: hashes come from `hash(_:)`")
        let inserted = segments[Self.segment(of: hash)].insert(hash)
        if inserted { count += 1 }
        return inserted
    }

    func contains(hash: UInt64) -> Bool {
        segments[Self.segment(of: hash)].contains(hash)
    }

    /// Hands every hash to `write` in ascending order, a segment at a time, then empties the
    /// set. If `write` throws, the set still holds every hash (the segments already handed
    /// over are rebuilt), and the error is rethrown: a spill that fails forgets nothing.
    mutating func removeAll(inOrderInto write: (UnsafeBufferPointer<UInt64>) throws -> Void) rethrows {
        var sorted = 0
        do {
            for index in segments.indices {
                sorted = index + 1
                try segments[index].sortInPlace(into: write)
            }
        } catch {
            for index in 0..<sorted { segments[index].rebuildAfterSorting() }
            throw error
        }
        segments = [Segment](repeating: Segment(), count: 256)
        count = 0
    }

    /// The standard library's seeded hash, never 0 (0 marks an empty slot).
    static func hash(_ id: String) -> UInt64 {
        let value = UInt64(bitPattern: Int64(id.hashValue))
        return value == 0 ? 1 : value
    }

    private static func segment(of hash: UInt64) -> Int { Int(hash >> 56) }

    /// Linear probing from a slot picked by the 32 bits below the top byte (which picked the
    /// segment), in a table of any size.
    private struct Segment {
        var slots = [UInt64](repeating: 0, count: 16)
        var count = 0

        static func home(_ hash: UInt64, size: Int) -> Int {
            Int((((hash >> 24) & 0xFFFF_FFFF) * UInt64(size)) >> 32)
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
            let inserted = slots.withUnsafeMutableBufferPointer { Self.place(hash, in: $0) }
            if inserted { count += 1 }
            return inserted
        }

        /// Moves the hashes to the front of the slots, sorts them there and hands them to
        /// `write`. The segment is no longer a hash table afterwards: it is freed, or, if the
        /// spill fails, rebuilt with `rebuildAfterSorting()`.
        mutating func sortInPlace(into write: (UnsafeBufferPointer<UInt64>) throws -> Void) rethrows {
            try slots.withUnsafeMutableBufferPointer { slots in
                var filled = 0
                for index in slots.indices where slots[index] != 0 {
                    slots.swapAt(filled, index)
                    filled += 1
                }
                var hashes = UnsafeMutableBufferPointer(rebasing: slots[..<filled])
                hashes.sort()
                try write(UnsafeBufferPointer(hashes))
            }
        }

        /// A hash table again, from the sorted hashes at the front of the slots.
        mutating func rebuildAfterSorting() {
            let sorted = slots.prefix(count)
            slots = [UInt64](repeating: 0, count: slots.count)
            slots.withUnsafeMutableBufferPointer { slots in
                for hash in sorted { _ = Self.place(hash, in: slots) }
            }
        }

        private mutating func grow() {
            let old = slots
            slots = [UInt64](repeating: 0, count: old.count + old.count / 2)
            slots.withUnsafeMutableBufferPointer { slots in
                for hash in old where hash != 0 { _ = Self.place(hash, in: slots) }
            }
        }

        /// `false` if the hash was there already.
        private static func place(_ hash: UInt64, in slots: UnsafeMutableBufferPointer<UInt64>) -> Bool {
            var index = home(hash, size: slots.count)
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
    }
}
