import Approval
import CatalogTestSupport
import Foundation
import Testing

/// Export files are opened by people in spreadsheets as well as read by marketplaces.
@Suite("Export injection attacks")
struct ExportInjectionAttackTests {
    /// #20 item 17: the Merchant Center TSV wrote a formula-looking id as it was, where the
    /// CSVs defuse one. A prefix would change the id (the supplemental feed would match no
    /// item), so the image is left out with a violation naming why, in both files.
    @Test(arguments: ["=HYPERLINK(\"http://evil\")", "+1+cmd|' /C calc'!A0", "@SUM(1+1)", " -2+3"])
    func aFormulaLookingIdIsLeftOutOfTheSupplementalFeed(id: String) throws {
        let images = [
            ExportFixture.Image(productID: id, title: "Mug", scene: "marble", width: 1000, height: 1000),
            ExportFixture.Image(productID: "SAFE-1", title: "Lamp", scene: "marble", width: 1000, height: 1000),
        ]
        let fixture = try ExportFixture(images: images)
        let destination = try TemporaryDirectory()
        let summary = try Export.run(fixture.request(.merchantCenter, into: destination.path))
        #expect(summary.exportedCount == 1)
        let violation = try #require(summary.violations.first)
        #expect(summary.violations.count == 1)
        #expect(violation.rule == .invalidIdentifier && violation.productID == id)
        #expect(violation.message.contains("spreadsheet formula"))
        let tsv = try String(contentsOf: destination.url("merchant-center-supplemental.tsv"), encoding: .utf8)
        let ids = tsv.split(separator: "\n").dropFirst().map { $0.split(separator: "\t").first.map(String.init) }
        #expect(ids == ["SAFE-1"])
        let xml = try String(contentsOf: destination.url("merchant-center-supplemental.xml"), encoding: .utf8)
        #expect(!xml.contains("HYPERLINK") && !xml.contains("SUM(") && !xml.contains("calc"))
    }
}
