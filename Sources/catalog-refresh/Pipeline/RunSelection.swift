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

    /// Whether the plan holds `entry`: everything `entries(in:force:)` and `checkProducts` look
    /// at, and nothing else, so a nightly run holds only what it submits.
    func keeps(_ entry: Plan.Entry, force: Bool) -> Bool {
        switch self {
        case .all: entry.change != .unchanged || force
        case .products(let ids): ids.contains(entry.job.key.productID)
        case .jobs(let keys): keys.contains(entry.job.key)
        }
    }

    /// Whether the plan may pass over products recorded as current (`CurrentProducts`): not when
    /// products or jobs are named (each must be found) nor under `--force` (current jobs go out).
    func passesOverCurrentProducts(force: Bool) -> Bool {
        guard case .all = self else { return false }
        return !force
    }

    /// `retry` picked the jobs: failed ones, lost tasks included, go out again.
    var isRetry: Bool {
        if case .jobs = self { return true }
        return false
    }

    /// The products this run is about, for counting its skips: `nil` for all.
    var productIDs: Set<String>? {
        switch self {
        case .all: nil
        case .products(let ids): ids
        case .jobs(let keys): Set(keys.map(\.productID))
        }
    }

    /// Throws when `--only` names products the feed does not have, or that the spec's
    /// `select` leaves out or the plan skipped: a typo or a stale id must not pass as "nothing
    /// to do".
    func checkProducts(in plan: Plan, feed: String) throws {
        guard case .products(let ids) = self else { return }
        let planned = Set(plan.entries.lazy.map(\.job.key.productID).filter(ids.contains))
        let unplanned = ids.subtracting(planned)
        guard !unplanned.isEmpty else { return }
        let notInFeed = unplanned.filter { !plan.productIDHashes.contains($0.hashValue) }.sorted()
        throw ProductsNotPlanned(
            notInFeed: notInFeed, notSelected: unplanned.subtracting(notInFeed).sorted(), feed: feed)
    }

    /// `retry`'s jobs that the plan no longer has (their product left the feed, or the spec
    /// dropped their variant): they stay failed, and the operator is told.
    func jobsMissing(from selected: [Plan.Entry]) -> [JobKey] {
        guard case .jobs(let keys) = self else { return [] }
        return keys.subtracting(selected.map(\.job.key)).sorted {
            ($0.productID, $0.variantID) < ($1.productID, $1.variantID)
        }
    }
}

/// `--only` named products this run cannot make; nothing was submitted.
struct ProductsNotPlanned: Error, CustomStringConvertible {
    var notInFeed: [String]
    var notSelected: [String]
    var feed: String

    var description: String {
        var parts: [String] = []
        if !notInFeed.isEmpty {
            parts.append("\(Self.count(notInFeed)) that \(feed) does not have: \(Self.list(notInFeed))")
        }
        if !notSelected.isEmpty {
            parts.append(
                "\(Self.count(notSelected)) that the spec's select leaves out or the plan skipped: "
                    + Self.list(notSelected))
        }
        return "--only names " + parts.joined(separator: "; and ")
            + "; check the ids (`catalog-refresh feed <feed>` lists a feed's products, `plan` its skips)"
    }

    private static func count(_ ids: [String]) -> String { ids.count == 1 ? "a product" : "\(ids.count) products" }

    private static func list(_ ids: [String]) -> String {
        ids.prefix(20).map { "`\($0)`" }.joined(separator: ", ") + (ids.count > 20 ? " and \(ids.count - 20) more" : "")
    }
}
