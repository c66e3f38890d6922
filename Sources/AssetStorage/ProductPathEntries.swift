/// The per-product entries of `OutputPathCollision.Paths`, found by the hash of each product's
/// path component: the hash is already well mixed (`Hasher`), so it picks the slot itself.
///
/// A `Dictionary` keyed by the hash hashed it again, and moved every entry each time it grew: a
/// fifth of a plan's comparing thread at 300,000 products. Here the slots hold only hashes and
/// entry numbers (16 bytes), growing moves no string, and the entries are appended in order.
struct ProductPathEntries {
    struct Entry {
        var productID: String
        var variantBits: UInt64
    }

    private struct Slot {
        /// The entry's hash; meaningful only where `entry` is not `Slot.empty`.
        var hash = 0
        var entry = Slot.empty

        static let empty = -1
    }

    /// In the order they were added.
    private(set) var entries: [Entry] = []
    private var slots = [Slot](repeating: Slot(), count: 1024)

    /// The number of the entry added with `hash`; if there is none, `make()` is added under it
    /// and `isNew` is true. One probe: looking up and then placing a new product walked its
    /// slots twice, each a likely cache miss in a table of a million products.
    mutating func entry(hash: Int, orAdd make: () -> Entry) -> (number: Int, isNew: Bool) {
        // At most three quarters full: a probe for a new product, the common case, ends at the
        // first empty slot. Grown before the probe, which then finds the slot to fill.
        if (entries.count + 1) * 4 > slots.count * 3 { grow() }
        let number = entries.count
        let found: Int? = slots.withUnsafeMutableBufferPointer { slots in
            var index = hash & (slots.count - 1)
            while slots[index].entry != Slot.empty {
                if slots[index].hash == hash { return slots[index].entry }
                index = (index + 1) & (slots.count - 1)
            }
            slots[index] = Slot(hash: hash, entry: number)
            return nil
        }
        if let found { return (found, false) }
        entries.append(make())
        return (number, true)
    }

    mutating func addVariantBits(_ bits: UInt64, toEntry entry: Int) {
        entries[entry].variantBits |= bits
    }

    mutating func removeAll() {
        entries = []
        slots = [Slot](repeating: Slot(), count: 1024)
    }

    private mutating func place(hash: Int, entry: Int) {
        slots.withUnsafeMutableBufferPointer { slots in
            var index = hash & (slots.count - 1)
            while slots[index].entry != Slot.empty { index = (index + 1) & (slots.count - 1) }
            slots[index] = Slot(hash: hash, entry: entry)
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        for slot in old where slot.entry != Slot.empty { place(hash: slot.hash, entry: slot.entry) }
    }
}
