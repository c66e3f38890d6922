import CatalogModel

extension CostEstimator {
    /// `estimate` and `range` remembered by image settings and reference count: a catalog's
    /// million jobs share a handful of them, and the tier is worked out from strings.
    public struct Cache: Sendable, Equatable {
        private struct Key: Hashable, Sendable {
            var settings: ImageSettings
            var referenceCount: Int
        }

        private var estimates: [Key: Money] = [:]
        private var ranges: [Key: ClosedRange<Money>] = [:]

        public init() {}

        public mutating func estimate(_ settings: ImageSettings, referenceCount: Int) -> Money {
            let key = Key(settings: settings, referenceCount: referenceCount)
            if let known = estimates[key] { return known }
            let estimate = CostEstimator.estimate(settings, referenceCount: referenceCount)
            estimates[key] = estimate
            return estimate
        }

        public mutating func range(_ settings: ImageSettings, referenceCount: Int) -> ClosedRange<Money> {
            let key = Key(settings: settings, referenceCount: referenceCount)
            if let known = ranges[key] { return known }
            let range = CostEstimator.range(settings, referenceCount: referenceCount)
            ranges[key] = range
            return range
        }
    }
}
