/// The per-product entries of `OutputPathCollision.Paths`, found by the hash of each product's
/// path component: the hash is already well mixed (`Hasher`), so it picks the slot itself.
///
/// A `Dictionary` keyed by the hash hashed it again, and moved every entry as it grew: a fifth
/// of a plan's comparing thread at 300,000 products. Here the entries are appended in order,
/// and the slots hold 8 bytes each: the upper half of an entry's hash and its number. A million
/// products' slots take 16 MB, not the 32 MB of a full hash and number each: every new product
/// is a probe at a random place, and half the memory misses the cache less.
struct ProductPathEntries {
    struct Entry {
        var productID: String
        var variantBits: UInt64
        /// The hash the entry was added under: what a slot's half of it is confirmed against,
        /// and what the slots are rebuilt from as they grow.
        var hash: Int
    }

    /// In the order they were added.
    private(set) var entries: [Entry] = []
    /// The upper 32 bits of the entry's hash, then its number plus one; 0 for an empty slot.
    private var slots = [UInt64](repeating: 0, count: 1024)

    /// The number of the entry added with `hash`; if there is none, an entry for `productID`
    /// (no variant yet) is added under it and `isNew` is true. One probe: looking up and then
    /// placing a new product walked its slots twice, each a likely cache miss in a table of a
    /// million products.
    mutating func entry(hash: Int, orAdd productID: String) -> (number: Int, isNew: Bool) {
        // At most three quarters full: a probe for a new product, the common case, ends at the
        // first empty slot. Grown before the probe, which then finds the slot to fill.
        if (entries.count + 1) * 4 > slots.count * 3 { grow() }
        let number = entries.count
        precondition(number < Int(UInt32.max), "a slot holds an entry's number in 32 bits")
        let tag = UInt64(UInt(bitPattern: hash) >> 32) << 32
        let found: Int? = entries.withUnsafeBufferPointer { entries in
            slots.withUnsafeMutableBufferPointer { slots in
                var index = hash & (slots.count - 1)
                while slots[index] != 0 {
                    let slot = slots[index]
                    if slot & 0xFFFF_FFFF_0000_0000 == tag {
                        let entry = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
                        if entries[entry].hash == hash { return entry }
                    }
                    index = (index + 1) & (slots.count - 1)
                }
                slots[index] = tag | UInt64(number + 1)
                return nil
            }
        }
        if let found { return (found, false) }
        entries.append(Entry(productID: productID, variantBits: 0, hash: hash))
        return (number, true)
    }

    mutating func addVariantBits(_ bits: UInt64, toEntry entry: Int) {
        entries[entry].variantBits |= bits
    }

    mutating func removeAll() {
        entries = []
        slots = [UInt64](repeating: 0, count: 1024)
    }

    /// Twice the slots, filled again from the entries in order.
    private mutating func grow() {
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        entries.withUnsafeBufferPointer { entries in
            slots.withUnsafeMutableBufferPointer { slots in
                for (number, entry) in entries.enumerated() {
                    var index = entry.hash & (slots.count - 1)
                    while slots[index] != 0 { index = (index + 1) & (slots.count - 1) }
                    slots[index] = UInt64(UInt(bitPattern: entry.hash) >> 32) << 32 | UInt64(number + 1)
                }
            }
        }
    }
}
