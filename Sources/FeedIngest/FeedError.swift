/// Why a feed could not be read. Each case names the feed and, where there is one, the
/// position, and says what to do about it.
public enum FeedError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(feed: String, reason: String)
    case syntax(feed: String, CSVSyntaxError)
    case xml(feed: String, XMLSyntaxError)
    case empty(feed: String)
    case missingColumn(feed: String, line: Int, field: String, column: String, available: [String])
    case tooManyInvalidRows(feed: String, rejected: [RejectedRecord], limit: Int)
    /// `rejected` holds the first rejections (`FeedReport.keptRejections`), `count` all of them.
    case tooManyInvalidShare(feed: String, rejected: [RejectedRecord], count: Int, total: Int, percent: Double)
    case unrecognised(feed: String, reason: String)
    case compression(feed: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let feed, let reason):
            return "\(feed): cannot read the feed: \(reason)"
        case .syntax(let feed, let error):
            return "\(feed):\(error.line): \(error.message)"
        case .xml(let feed, let error):
            return "\(feed):\(error.line):\(error.column): not well-formed XML: \(error.message)"
        case .empty(let feed):
            return "\(feed): the feed is empty (no header line or no root element)"
        case .missingColumn(let feed, let line, let field, let column, let available):
            return "\(feed):\(line): no column `\(column)` for the product \(field); the columns are: "
                + available.joined(separator: ", ") + " (map one with feed.mapping.\(field))"
        case .tooManyInvalidRows(let feed, let rejected, let limit):
            let first = rejected.first.map { "\(feed):\($0.position): \($0.reason)" } ?? feed
            // Thrown at the first record past the limit: `limit` came before it.
            let more = limit > 0 ? " (and \(limit) more rejected records)" : ""
            return "\(first)\(more); the spec allows \(limit) invalid records (feed.max_invalid_rows)"
        case .tooManyInvalidShare(let feed, let rejected, let count, let total, let percent):
            let first = rejected.first.map { "\(feed):\($0.position): \($0.reason)" } ?? feed
            return "\(first); \(count) of \(total) records were rejected, more than the "
                + "\(percent == percent.rounded() ? String(Int(percent)) : String(percent))% the spec allows "
                + "(feed.max_invalid_percent)"
        case .unrecognised(let feed, let reason):
            return "\(feed): \(reason)"
        case .compression(let feed, let reason):
            return "\(feed): the gzip stream is damaged: \(reason)"
        }
    }
}
