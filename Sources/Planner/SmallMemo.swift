/// Values remembered by key, the first few found by comparing keys in turn: for a handful of
/// keys asked two million times (image settings, variants), cheaper than hashing their strings
/// each time.
struct SmallMemo<Key: Hashable & Sendable, Value: Sendable & Equatable>: Sendable, Equatable {
    /// The first few keys and their values, in two arrays: compared in place, never copied out
    /// as pairs (a copy of a pair retained and released its key's strings).
    private var fewKeys: [Key] = []
    private var fewValues: [Value] = []
    private var more: [Key: Value] = [:]
    private static var fewest: Int { 8 }

    mutating func value(for key: Key, orMake make: () -> Value) -> Value {
        for index in fewKeys.indices where fewKeys[index] == key { return fewValues[index] }
        if let known = more[key] { return known }
        let value = make()
        if fewKeys.count < Self.fewest {
            fewKeys.append(key)
            fewValues.append(value)
        } else {
            more[key] = value
        }
        return value
    }
}
