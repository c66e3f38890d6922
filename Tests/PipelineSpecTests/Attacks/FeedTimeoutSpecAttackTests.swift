import CatalogModel
import Foundation
import PipelineSpec
import Testing

/// `feed.timeouts` as a merchandiser writes it, right and wrong.
@Suite("Feed timeout spec attacks")
struct FeedTimeoutSpecAttackTests {
    func spec(timeouts: String) -> String {
        validSpec.replacingOccurrences(
            of: "  source: feeds/products.csv\n", with: "  source: feeds/products.csv\n  timeouts: \(timeouts)\n")
    }

    /// #20 item 14: without `feed.timeouts` a remote feed still has a deadline.
    @Test func defaultsBoundEveryRemoteFeed() throws {
        let timeouts = try loadSpec(validSpec).feed.timeouts
        #expect(timeouts == FeedTimeouts(connect: .seconds(30), idle: .seconds(120), total: .seconds(3600)))
    }

    @Test func eachTimeoutIsOptional() throws {
        let timeouts = try loadSpec(spec(timeouts: "{idle: 30, total: 600}")).feed.timeouts
        #expect(timeouts == FeedTimeouts(connect: .seconds(30), idle: .seconds(30), total: .seconds(600)))
    }

    /// #20 item 14: zero, negative, fractional, huge and unknown values are refused where they
    /// are written, not turned into "no deadline".
    @Test(arguments: [
        ("{total: 0}", "`feed.timeouts.total`"),
        ("{idle: -5}", "`feed.timeouts.idle`"),
        ("{connect: 1.5}", "`feed.timeouts.connect`"),
        ("{total: 1e13}", "`feed.timeouts.total`"),
        ("{total: 86401}", "`feed.timeouts.total`"),
        ("{idle: forever}", "`feed.timeouts.idle`"),
        ("{read: 10}", "`read`"),
        ("30", "`feed.timeouts`"),
    ])
    func badValuesAreLocatedErrors(timeouts: String, mentions: String) throws {
        let error = try #require(throws: DiagnosticsError.self) { try loadSpec(spec(timeouts: timeouts)) }
        let diagnostic = try #require(error.diagnostics.first, "\(error)")
        #expect(error.diagnostics.count == 1, "\(error.diagnostics)")
        #expect(diagnostic.description.contains(mentions), "\(diagnostic)")
        #expect(diagnostic.location?.line == 5, "\(diagnostic)")
    }
}
