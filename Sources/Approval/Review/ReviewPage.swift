import Foundation
import Mustache

/// The review page (`review.html`): reference and result side by side for every item, with the
/// image's compliance for each channel the spec exports to (so a reviewer does not approve an
/// off-white MAIN image), filters by state and variant, keyboard shortcuts, single and bulk
/// decisions with notes.
///
/// One self-contained file (inline CSS and JS, images by relative path), so the output folder
/// can be opened or moved as it is. Opened from disk it records decisions in the browser and
/// offers them as `decisions.json` for `catalog-refresh approve --from`; served by
/// `catalog-refresh review` with the session token in its URL it records them in the store at
/// once. `served` marks the page the review server sends, so the page can tell an approver who
/// opened the server's URL without its token (a cookie from an earlier load still lets the page
/// in) that nothing they decide would be saved, rather than falling back to disk mode. Every piece of product text is HTML-escaped by Mustache's `{{ }}` and only ever put
/// into the page by the script as text, never as markup.
public enum ReviewPage {
    public static func render(_ manifest: Manifest, served: Bool = false) throws -> String {
        let template = try MustacheTemplate(string: ReviewPageTemplate.html)
        let variants = Array(Set(manifest.items.map(\.variantID))).sorted()
        let items: [[String: Any]] = manifest.items.map { item in
            [
                "productID": item.productID, "title": item.productTitle, "variantID": item.variantID,
                "prompt": item.prompt, "path": item.path, "width": item.width, "height": item.height,
                "sha256": item.sha256, "state": item.reviewState, "reviewedBy": item.reviewer.map { "by \($0)" } ?? "",
                "note": item.reviewNote ?? "",
                "references": item.references.map { ["preview": $0.preview, "link": $0.link] },
                "compliance": (item.compliance ?? []).map(Self.complianceLine),
            ]
        }
        let counts = Dictionary(grouping: manifest.items, by: \.reviewState).mapValues(\.count)
        let context: [String: Any] = [
            "name": manifest.spec.name, "count": manifest.items.count,
            "products": Set(manifest.items.map(\.productID)).count, "variants": variants, "items": items,
            "pending": counts["pending"] ?? 0, "approved": counts["approved"] ?? 0,
            "rejected": counts["rejected"] ?? 0, "style": ReviewPageTemplate.style, "script": ReviewPageScript.source,
            "earlyScript": ReviewPageScript.brokenReferences, "served": served,
        ]
        return template.render(context)
    }

    /// "Amazon MAIN ✗ background 0.0% pure white (…)": what a reviewer must know before
    /// approving an image for that channel.
    static func complianceLine(_ compliance: ChannelCompliance) -> [String: Any] {
        let verdict: String
        if !compliance.violations.isEmpty {
            verdict = "✗ " + compliance.violations.joined(separator: "; ")
        } else if !compliance.warnings.isEmpty {
            verdict = "✓ passes; " + compliance.warnings.joined(separator: "; ")
        } else {
            verdict = "✓ passes"
        }
        return [
            "channel": compliance.channel, "label": compliance.label, "verdict": verdict,
            "result": compliance.passes ? (compliance.warnings.isEmpty ? "pass" : "warn") : "fail",
        ]
    }
}
