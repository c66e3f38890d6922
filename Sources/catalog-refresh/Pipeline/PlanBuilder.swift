import AssetStorage
import CatalogModel
import FeedIngest
import Foundation
import JobStore
import PipelineSpec
import Planner

/// Streams the spec's feed through the planner: the shared first half of `plan` and `run`.
enum PlanBuilder {
    /// Throws `DiagnosticsError` when the prompt uses an `{{attributes.X}}` no record of the feed
    /// has: nothing may be submitted for a typo; `OutputPathCollision` when two jobs would write
    /// one file.
    static func build(_ spec: PipelineSpec, index: any FingerprintIndex) async throws -> (Plan, FeedReport) {
        let source = spec.feed.source
        var planner = Planner(
            spec: spec, index: index, linkBaseDirectory: FeedLoader.linkBaseDirectory(for: source),
            allowsLocalFiles: !(source.hasPrefix("http://") || source.hasPrefix("https://")))
        let shown = PipelineRun.displayPath(source)
        let report = try await FeedLoader.read(spec.feed, displayName: shown) { product in
            try planner.add(product)
        }
        if let attributes = report.attributeNames {
            let problems = spec.diagnostics(forFeedAttributes: attributes)
            if problems.contains(where: { $0.severity == .error }) { throw DiagnosticsError(problems) }
            Console.print(problems)
        }
        RejectedRecordsLog.print(report, feed: shown)
        // Before anything is paid: one paid image must never overwrite another.
        if let collision = OutputPathCollision.first(in: planner.plan.entries.lazy.map(\.job)) { throw collision }
        return (planner.plan, report)
    }

    /// The store beside the spec's outputs if a run has made one; `plan` never creates it.
    static func existingStore(for spec: PipelineSpec) throws -> JobStore? {
        let path = URL(fileURLWithPath: spec.output.folder).appendingPathComponent("state.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try JobStore(path: path)
    }
}
