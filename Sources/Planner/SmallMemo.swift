/// Values remembered by key, the first few found by comparing keys in turn: for a handful of
/// keys asked two million times (image settings, variants), cheaper than hashing their strings
/// each time.
struct SmallMemo<Key: Hashable & Sendable, Value: Sendable & Equatable>: Sendable, Equatable {
    private var few: [(key: Key, value: Value)] = []
    private var more: [Key: Value] = [:]
    private static var fewest: Int { 8 }

    mutating func value(for key: Key, orMake make: () -> Value) -> Value {
        // By index: `first(where:)` copied each pair it looked at, retaining its key's strings.
        for index in few.indices where few[index].key == key { return few[index].value }
        if let known = more[key] { return known }
        let value = make()
        if few.count < Self.fewest { few.append((key, value)) } else { more[key] = value }
        return value
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.more == rhs.more && lhs.few.elementsEqual(rhs.few) { $0.key == $1.key && $0.value == $1.value }
    }
}
