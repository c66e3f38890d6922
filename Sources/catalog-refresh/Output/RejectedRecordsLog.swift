import FeedIngest
import Logging

/// The feed records a read rejected within its error budget, for `run`, `plan` and `feed`:
/// each a warning with its position (`feed_record_rejected`), then how many more there were.
enum RejectedRecordsLog {
    static func print(_ report: FeedReport, feed: String) {
        for rejected in report.rejected {
            var fields: Console.Fields = [
                "feed": .string(feed), "line": .stringConvertible(rejected.line), "reason": .string(rejected.reason),
            ]
            if let item = rejected.item { fields["item"] = .stringConvertible(item) }
            Console.warning(
                "\(feed):\(rejected.position): \(rejected.reason) (skipped)", event: "feed_record_rejected", fields)
        }
        let more = report.rejectedCount - report.rejected.count
        if more > 0 {
            Console.warning(
                "… and \(more) more rejected records", event: "feed_records_rejected",
                ["feed": .string(feed), "count": .stringConvertible(more)])
        }
    }
}
