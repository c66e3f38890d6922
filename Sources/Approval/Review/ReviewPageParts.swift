import Mustache

/// The page's templates, compiled once per page: the head (with the counts), one card, and the
/// tail. Rendered in turn they give the bytes the whole template gives, so a page written item
/// by item is the page `ReviewPage.render` writes.
struct ReviewPageParts {
    private let head: MustacheTemplate
    private let card: MustacheTemplate
    private let tail: MustacheTemplate

    init() throws {
        head = try MustacheTemplate(string: ReviewPageTemplate.head + "\n")
        card = try MustacheTemplate(string: ReviewPageTemplate.card + "\n")
        tail = try MustacheTemplate(string: ReviewPageTemplate.tail)
    }

    func head(_ summary: ReviewPageSummary, served: Bool) -> String {
        head.render(
            [
                "name": summary.name, "count": summary.count, "products": summary.products,
                "variants": summary.variants, "pending": summary.counts["pending"] ?? 0,
                "approved": summary.counts["approved"] ?? 0, "rejected": summary.counts["rejected"] ?? 0,
                "style": ReviewPageTemplate.style, "earlyScript": ReviewPageScript.brokenReferences, "served": served,
            ] as [String: Any])
    }

    func card(_ card: ReviewCard) -> String {
        self.card.render(card.context)
    }

    func tail(paging: ReviewPaging?) -> String {
        var context: [String: Any] = ["script": ReviewPageScript.source]
        if let paging {
            context["paging"] =
                [
                    "folder": paging.folder, "pendingPages": paging.pendingPages, "decidedPages": paging.decidedPages,
                    "total": paging.total,
                ] as [String: Any]
        }
        return tail.render(context)
    }
}
