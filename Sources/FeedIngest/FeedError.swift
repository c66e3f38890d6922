/// Why a feed could not be read. Each case names the feed and, where there is one, the line,
/// and says what to do about it.
public enum FeedError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(feed: String, reason: String)
    case syntax(feed: String, CSVSyntaxError)
    case empty(feed: String)
    case missingColumn(feed: String, field: String, column: String, available: [String])
    case tooManyInvalidRows(feed: String, rejected: [RejectedRecord], limit: Int)

    public var description: String {
        switch self {
        case .cannotOpen(let feed, let reason):
            return "\(feed): cannot read the feed: \(reason)"
        case .syntax(let feed, let error):
            return "\(feed):\(error.line): \(error)"
        case .empty(let feed):
            return "\(feed): the feed is empty (no header line)"
        case .missingColumn(let feed, let field, let column, let available):
            return "\(feed):1: no column `\(column)` for the product \(field); the columns are: "
                + available.joined(separator: ", ") + " (map one with feed.mapping.\(field))"
        case .tooManyInvalidRows(let feed, let rejected, let limit):
            let first = rejected.first.map { "\(feed):\($0.line): \($0.reason)" } ?? feed
            let more = rejected.count > 1 ? " (and \(rejected.count - 1) more rejected rows)" : ""
            return "\(first)\(more); the spec allows \(limit) invalid rows (feed.max_invalid_rows)"
        }
    }
}
