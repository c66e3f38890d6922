import CatalogModel

extension PipelineSpec {
    /// The `attributes.X` names the prompt, `exports.shopify.alt` and `exports.shopify.handle`
    /// use that no record of the feed has, as located errors (warnings for a name only used as a
    /// section's guard) with a did-you-mean from the feed's real columns. `validate` cannot know
    /// them (it reads no feed); `plan` and `run` call this once the feed is read and stop before
    /// anything is submitted, instead of skipping every product (or exporting no handle) for a typo.
    ///
    /// - Parameter attributes: the feed's attribute names (`FeedReport.attributeNames`).
    public func diagnostics(forFeedAttributes attributes: [String]) -> [Diagnostic] {
        let known = Set(attributes)
        return attributeUses.filter { !known.contains($0.attribute) }.map {
            .attributeNotInFeed($0, columns: attributes)
        }
    }
}
