import CatalogModel
import Planner

/// Which planned jobs a run submits: every new or changed one, the products `--only` names, or
/// the exact jobs `retry` picked. It never narrows what the plan and the manifest cover.
enum RunSelection: Sendable {
    case all
    /// `--only`: these products' new or changed jobs (all of them with `--force`).
    case products(Set<String>)
    /// `retry --failed`: these jobs and no others, current or not.
    case jobs(Set<JobKey>)

    /// The entries of `plan` whose jobs go to the dispatcher.
    func entries(in plan: Plan, force: Bool) -> [Plan.Entry] {
        plan.entries.filter { entry in
            switch self {
            case .all: entry.change != .unchanged || force
            case .products(let ids): ids.contains(entry.job.key.productID) && (entry.change != .unchanged || force)
            case .jobs(let keys): keys.contains(entry.job.key)
            }
        }
    }

    /// The products this run is about, for counting its skips: `nil` for all.
    var productIDs: Set<String>? {
        switch self {
        case .all: nil
        case .products(let ids): ids
        case .jobs(let keys): Set(keys.map(\.productID))
        }
    }

    /// Product ids named on the command line that the feed does not have: a typo or a stale
    /// id must not pass as "nothing to do".
    func productsMissing(from plan: Plan) -> [String] {
        guard case .products(let ids) = self else { return [] }
        return ids.filter { !plan.productIDHashes.contains($0.hashValue) }.sorted()
    }
}

/// `--only` named products the feed does not have; nothing was submitted.
struct ProductsNotInFeed: Error, CustomStringConvertible {
    var ids: [String]
    var feed: String

    var description: String {
        let shown = ids.prefix(20).map { "`\($0)`" }.joined(separator: ", ")
        let more = ids.count > 20 ? " and \(ids.count - 20) more" : ""
        return "--only names \(ids.count == 1 ? "a product" : "\(ids.count) products") that \(feed) does not have: "
            + "\(shown)\(more); check the ids (`catalog-refresh feed <feed>` lists its products)"
    }
}
