import CatalogModel
import Dispatcher
import Foundation

/// The best a client could do against a server with rate limit R, concurrency limit C and task
/// latency L, when it learns that a task is done only by reading it on its poll schedule.
///
/// Every job costs one submit plus p reads, where p is the number of reads the schedule makes
/// of a task that takes L (the last one sees it finished), or fewer if the run made fewer (when
/// the rate limit holds reads back a little, a later read is more likely to find its task done,
/// and the requests saved go to submissions), and submits and reads draw on the same R
/// requests per minute. So at most X_R = R / (1 + p) jobs per minute complete; and at
/// most X_C = C / L, since each task occupies one of C slots at the server for L. The ideal
/// throughput is X* = min(X_R, X_C). The ideal makespan, when the rate binds, is L + N / X*: no
/// result before one task's latency, then none faster than X*. When concurrency binds, the first C
/// tasks can all start at once and every slot can be busy from the first instant to the last:
/// ⌈N / C⌉ waves of L (100 tasks of 30 s at C = 20: 150 s, the figure of issue #24).
struct DispatchIdeal {
    let jobs: Int
    let requestsPerMinute: Int
    let concurrency: Int
    let latency: Double
    /// The schedule's reads of a task that takes L.
    let scheduledReads: Int
    /// When the schedule's last read of such a task happens.
    let detectedAfter: Double
    /// p: the schedule's reads, or the run's reads per job if fewer.
    let reads: Double

    init(
        jobs: Int, requestsPerMinute: Int, concurrency: Int, latency: Double, schedule: PollSchedule,
        observedReadsPerJob: Double
    ) {
        self.jobs = jobs
        self.requestsPerMinute = requestsPerMinute
        self.concurrency = concurrency
        self.latency = latency
        let scheduled = schedule.reads(forTaskTaking: .seconds(latency))
        scheduledReads = scheduled.count
        detectedAfter = scheduled.detectedAfter.seconds
        reads = min(Double(scheduled.count), observedReadsPerJob)
    }

    /// X_R, jobs per second.
    var rateBound: Double { Double(requestsPerMinute) / 60 / (1 + reads) }
    /// X_C, jobs per second.
    var concurrencyBound: Double { Double(concurrency) / latency }
    /// X*, jobs per second.
    var throughput: Double { min(rateBound, concurrencyBound) }
    /// Seconds.
    var makespan: Double {
        rateBound <= concurrencyBound
            ? latency + Double(jobs) / throughput : Double((jobs + concurrency - 1) / concurrency) * latency
    }

    var definition: [String] {
        [
            String(
                format:
                    "ideal: each job takes 1 submit + p reads from the same R; p = %.2f (the poll schedule makes %d "
                    + "reads of a task that takes L, the last at %.2f s; p is the run's reads per job if fewer)",
                reads, scheduledReads, detectedAfter),
            String(
                format: "  X_R = R / (1 + p) = %.2f jobs/s; X_C = C / L = %.2f jobs/s; X* = min = %.2f jobs/s (%@)",
                rateBound, concurrencyBound, throughput,
                rateBound <= concurrencyBound ? "rate-bound" : "concurrency-bound"),
            String(
                format: rateBound <= concurrencyBound
                    ? "  ideal makespan = L + N / X* = %.2f s (no result before L, then none faster than X*)"
                    : "  ideal makespan = ⌈N / C⌉ × L = %.2f s (every slot busy from the first instant to the last)",
                makespan),
        ]
    }

    /// Jobs per second in the steady state: the jobs stored between the 10% and the 90% marks,
    /// over the time between them (the start-up and the drain are the makespan's business).
    static func steadyThroughput(storedAt: [Double]) -> Double {
        guard storedAt.count >= 10 else {
            return Double(storedAt.count) / max(storedAt.last ?? 1, 1e-9)
        }
        let first = storedAt.count / 10
        let last = storedAt.count - 1 - storedAt.count / 10
        return Double(last - first) / max(storedAt[last] - storedAt[first], 1e-9)
    }
}
