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
