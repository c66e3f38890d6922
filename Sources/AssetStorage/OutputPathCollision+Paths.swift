import CatalogModel
import Foundation

extension OutputPathCollision {
    /// The output paths of the jobs seen so far, for a plan that checks its jobs batch by batch.
    ///
    /// Jobs named by default (`images/<product>/<variant>`) are kept one entry per product: its
    /// id's path component, lower-cased, with a bit per variant it writes. Two such paths are
    /// equal ignoring case exactly when both components are, so a million-product plan holds a
    /// million small entries instead of two million paths. Entries are found by a hash of the
    /// component, its case folded as it is hashed: no string is made or hashed again as the
    /// table grows. Anything that entry cannot tell exactly (a job with `output.file_name`, two
    /// products whose components hash alike, being equal ignoring case or by a 64-bit chance,
    /// two variants whose components are equal ignoring case, more than 64 variants) turns the
    /// check into one path per job, the paths seen so far rebuilt from the entries.
    public struct Paths {
        /// By the hash of its lower-cased product component, the product that writes there and
        /// its variants' bits.
        private var products = ProductPathEntries()
        /// The bit of each variant id, and the variant id of each bit.
        private var variantBits: [String: Int] = [:]
        private var variantIDs: [String] = []
        /// By lower-cased variant component, the bit that writes it.
        private var bitsByComponent: [String: Int] = [:]
        /// Every job's path, lower-cased, once the per-product entries cannot tell.
        private var owners: [String: JobKey]?
        private var variantComponents: [String: String] = [:]
        /// The last product added by product: its id and its entry.
        private var lastProduct: (productID: String, entry: Int)?

        public init() {}

        /// Adds `jobs`; the first of them whose path an earlier job (of these or of an earlier
        /// call) has, if any.
        public mutating func firstCollision(adding jobs: some Sequence<Job>) -> OutputPathCollision? {
            firstCollision(adding: jobs.map(\.outputName))
        }

        /// `firstCollision(adding:)` for the names of jobs' outputs, read in place: a plan
        /// checks two million without making the jobs in full (`Planner.onOutputsToGenerate`).
        public mutating func firstCollision(adding names: [OutputName]) -> OutputPathCollision? {
            for index in names.indices {
                if let collision = add(names[index]) { return collision }
            }
            return nil
        }

        /// `firstCollision(adding:)`, then the first of `names` whose path is where `index`
        /// holds another job's image.
        public mutating func firstCollision(
            adding names: [OutputName], storedIn index: any FingerprintIndex
        ) throws -> OutputPathCollision? {
            if let collision = firstCollision(adding: names) { return collision }
            guard try index.hasStoredOutputs else { return nil }
            for name in names {
                let stem = OutputNaming.relativeStem(for: name, variantComponents: &variantComponents)
                if let collision = try OutputPathCollision.stored(at: stem, for: name.key, index: index) {
                    return collision
                }
            }
            return nil
        }

        private mutating func add(_ name: OutputName) -> OutputPathCollision? {
            if owners == nil, !addByProduct(name) { rebuildOwners() }
            guard owners != nil else { return nil }
            let stem = OutputNaming.relativeStem(for: name, variantComponents: &variantComponents)
            // Sanitised paths are ASCII, so ASCII case folding is exact.
            if let owner = owners?.updateValue(name.key, forKey: stem.lowercased()), owner != name.key {
                return OutputPathCollision(first: owner, second: name.key, path: stem)
            }
            return nil
        }

        /// Records a job named by default in its product's entry; `false` (nothing recorded)
        /// when the entry cannot tell its path from every other exactly.
        private mutating func addByProduct(_ name: OutputName) -> Bool {
            guard name.fileName?.isEmpty ?? true, let bit = bit(for: name.key.variantID) else { return false }
            let productID = name.key.productID
            // A product's jobs come together: its entry is found, or made, once for all of them.
            // Ids compared byte for byte, as their components are made: `==` would take two
            // spellings of one text (`é` and `e` + U+0301) for one id, whose folders differ.
            if let last = lastProduct, Self.sameBytes(last.productID, productID) {
                products.addVariantBits(1 << bit, toEntry: last.entry)
                return true
            }
            let hash = Self.caseFoldedHash(of: OutputNaming.safeComponent(productID))
            let entry = products.entry(hash: hash, orAdd: productID)
            guard entry.isNew || Self.sameBytes(products.entries[entry.number].productID, productID) else {
                return false
            }
            products.addVariantBits(1 << bit, toEntry: entry.number)
            lastProduct = (productID, entry.number)
            return true
        }

        /// The variant's bit; `nil` past 64 variants, or when its component equals another's
        /// ignoring case.
        private mutating func bit(for variantID: String) -> Int? {
            // A spec has a handful of variants: compared in turn, not hashed, for most plans.
            if variantIDs.count <= 8, let known = variantIDs.firstIndex(of: variantID) { return known }
            if let known = variantBits[variantID] { return known }
            // Once per variant; sanitised components are ASCII, so this folding is exact.
            let component = OutputNaming.variantComponent(variantID).lowercased()
            guard variantIDs.count < UInt64.bitWidth, bitsByComponent[component] == nil else { return nil }
            let bit = variantIDs.count
            variantIDs.append(variantID)
            variantBits[variantID] = bit
            bitsByComponent[component] = bit
            return bit
        }

        /// One path per job from here on: those recorded by product are written out first.
        private mutating func rebuildOwners() {
            var owners: [String: JobKey] = [:]
            for entry in products.entries {
                for (bit, variantID) in variantIDs.enumerated() where entry.variantBits & (1 << bit) != 0 {
                    let key = JobKey(productID: entry.productID, variantID: variantID)
                    owners[OutputNaming.defaultStem(for: key).lowercased()] = key
                }
            }
            self.owners = owners
            products.removeAll()
            lastProduct = nil
        }

        /// The hash of `text` with A–Z lower-cased, folded in a buffer on the stack as it is
        /// hashed: equal for texts equal ignoring ASCII case (and, by a 64-bit chance, for
        /// others), made without a lower-cased copy.
        private static func caseFoldedHash(of text: String) -> Int {
            var hasher = Hasher()
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { folded in
                var count = 0
                for byte in text.utf8 {
                    if count == folded.count {
                        hasher.combine(bytes: UnsafeRawBufferPointer(folded))
                        count = 0
                    }
                    folded[count] = isUppercase(byte) ? byte + 32 : byte
                    count += 1
                }
                hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: folded[..<count])))
            }
            return hasher.finalize()
        }

        /// Whether the two strings have the same UTF-8 bytes: `==` takes two spellings of one
        /// text (`é` and `e` + U+0301) as equal, and `elementsEqual` walks them a byte at a time.
        private static func sameBytes(_ a: String, _ b: String) -> Bool {
            guard a.utf8.count == b.utf8.count else { return false }
            let compared: Bool? =
                a.utf8.withContiguousStorageIfAvailable { x in
                    b.utf8.withContiguousStorageIfAvailable { y in
                        guard let left = x.baseAddress, let right = y.baseAddress else { return x.isEmpty }
                        return memcmp(left, right, x.count) == 0
                    }
                } ?? nil
            return compared ?? a.utf8.elementsEqual(b.utf8)
        }

        private static func isUppercase(_ byte: UInt8) -> Bool {
            byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
        }
    }
}
