/// What one card of the review page shows of an item: the same fields whether Mustache renders
/// the card into the page or the page's script builds it from a `review-data/` file, so a card
/// looks the same either way.
struct ReviewCard: Encodable {
    struct Reference: Encodable {
        var preview: String
        var link: String
    }

    struct Compliance: Encodable {
        var channel: String
        var label: String
        var verdict: String
        var result: String
    }

    var productID: String
    var title: String
    var variantID: String
    var prompt: String
    var path: String
    var width: Int
    var height: Int
    var sha256: String
    var state: String
    var reviewedBy: String
    var note: String
    var references: [Reference]
    var compliance: [Compliance]

    init(_ item: Manifest.Item) {
        productID = item.productID
        title = item.productTitle
        variantID = item.variantID
        prompt = item.prompt
        path = item.path
        width = item.width
        height = item.height
        sha256 = item.sha256
        state = item.reviewState
        reviewedBy = item.reviewer.map { "by \($0)" } ?? ""
        note = item.reviewNote ?? ""
        references = item.references.map { Reference(preview: $0.preview, link: $0.link) }
        compliance = (item.compliance ?? []).map(Self.line)
    }

    /// The card as Mustache reads it.
    var context: [String: Any] {
        [
            "productID": productID, "title": title, "variantID": variantID, "prompt": prompt, "path": path,
            "width": width, "height": height, "sha256": sha256, "state": state, "reviewedBy": reviewedBy,
            "note": note, "references": references.map { ["preview": $0.preview, "link": $0.link] },
            "compliance": compliance.map {
                ["channel": $0.channel, "label": $0.label, "verdict": $0.verdict, "result": $0.result]
            },
        ]
    }

    /// "Amazon MAIN ✗ background 0.0% pure white (…)": what a reviewer must know before
    /// approving an image for that channel.
    static func line(_ compliance: ChannelCompliance) -> Compliance {
        let verdict: String
        if !compliance.violations.isEmpty {
            verdict = "✗ " + compliance.violations.joined(separator: "; ")
        } else if !compliance.warnings.isEmpty {
            verdict = "✓ passes; " + compliance.warnings.joined(separator: "; ")
        } else {
            verdict = "✓ passes"
        }
        return Compliance(
            channel: compliance.channel, label: compliance.label, verdict: verdict,
            result: compliance.passes ? (compliance.warnings.isEmpty ? "pass" : "warn") : "fail")
    }
}
