import CatalogModel

extension PipelineSpec {
    /// The prompt's `{{attributes.X}}` names that no record of the feed has, as located errors
    /// (warnings for a name only used as a section's guard) with a did-you-mean from the feed's real columns. `validate` cannot know them (it reads
    /// no feed); `plan` and `run` call this once the feed is read and stop before anything is
    /// submitted, instead of skipping every product for a typo.
    ///
    /// - Parameter attributes: the feed's attribute names (`FeedReport.attributeNames`).
    public func diagnostics(forFeedAttributes attributes: [String]) -> [Diagnostic] {
        let known = Set(attributes)
        return attributeUses.filter { !known.contains($0.attribute) }.map {
            .attributeNotInFeed($0.attribute, columns: attributes, at: $0.location, guardOnly: $0.guardOnly)
        }
    }
}
