import CLibXML2

/// Element names by id. libxml2 interns names and namespace URIs in its dictionary, so one
/// (local name, prefix, URI) triple of pointers is one name for the whole parse: it is
/// looked up by pointer, and converted to `String`s once.
struct XMLNameTable {
    private struct Key: Equatable {
        var local: UnsafePointer<xmlChar>
        var prefix: UnsafePointer<xmlChar>?
        var uri: UnsafePointer<xmlChar>?
    }

    /// Real feeds use a few dozen names; far more means the item element is wrong or the feed
    /// is hostile, and the table would grow with the file.
    static let limit = 4096

    private(set) var names: [XMLName] = []
    private var keys: [Key] = []
    /// Open addressing: a key's id + 1, or 0 for an empty slot.
    private var slots = [Int](repeating: 0, count: 64)

    subscript(id: Int) -> XMLName { names[id] }

    /// The name's id, or `nil` once the table is full.
    mutating func id(
        local: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?
    ) -> Int? {
        let key = Key(local: local, prefix: prefix, uri: uri)
        let mask = slots.count - 1
        var index = Self.hash(key) & mask
        while slots[index] != 0 {
            let id = slots[index] - 1
            if keys[id] == key { return id }
            index = (index + 1) & mask
        }
        guard names.count < Self.limit else { return nil }
        names.append(
            XMLName(
                namespace: uri.map { String(cString: $0) }, prefix: prefix.map { String(cString: $0) },
                local: String(cString: local)))
        keys.append(key)
        slots[index] = keys.count
        if keys.count * 2 > slots.count { rehash(size: slots.count * 2) }
        return keys.count - 1
    }

    private static func hash(_ key: Key) -> Int {
        let bits = UInt(bitPattern: key.local) ^ (UInt(bitPattern: key.uri) &* 31) ^ (UInt(bitPattern: key.prefix) &* 7)
        return Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    private mutating func rehash(size: Int) {
        slots = [Int](repeating: 0, count: size)
        for (id, key) in keys.enumerated() {
            var index = Self.hash(key) & (size - 1)
            while slots[index] != 0 { index = (index + 1) & (size - 1) }
            slots[index] = id + 1
        }
    }
}
