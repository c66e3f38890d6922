import CatalogModel

extension CostEstimator {
    /// `estimate` and `range` remembered by image settings and reference count: a catalog's
    /// million jobs share a handful of them, and the tier is worked out from strings.
    public struct Cache: Sendable, Equatable {
        private struct Key: Hashable, Sendable {
            var settings: ImageSettings
            var referenceCount: Int
        }

        private var estimates = SmallMemo<Key, Money>()
        private var ranges = SmallMemo<Key, ClosedRange<Money>>()

        public init() {}

        public mutating func estimate(_ settings: ImageSettings, referenceCount: Int) -> Money {
            estimates.value(for: Key(settings: settings, referenceCount: referenceCount)) {
                CostEstimator.estimate(settings, referenceCount: referenceCount)
            }
        }

        public mutating func range(_ settings: ImageSettings, referenceCount: Int) -> ClosedRange<Money> {
            ranges.value(for: Key(settings: settings, referenceCount: referenceCount)) {
                CostEstimator.range(settings, referenceCount: referenceCount)
            }
        }
    }
}

/// Values remembered by key, the first few found by comparing keys in turn: for a handful of
/// keys asked two million times, cheaper than hashing four strings each time.
struct SmallMemo<Key: Hashable & Sendable, Value: Sendable & Equatable>: Sendable, Equatable {
    private var few: [(key: Key, value: Value)] = []
    private var more: [Key: Value] = [:]
    private static var fewest: Int { 8 }

    mutating func value(for key: Key, orMake make: () -> Value) -> Value {
        if let known = few.first(where: { $0.key == key }) { return known.value }
        if let known = more[key] { return known }
        let value = make()
        if few.count < Self.fewest { few.append((key, value)) } else { more[key] = value }
        return value
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.more == rhs.more && lhs.few.elementsEqual(rhs.few) { $0.key == $1.key && $0.value == $1.value }
    }
}
