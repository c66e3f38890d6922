import CatalogModel
import JobStore
import Testing

@testable import Dispatcher

struct PollQueueTests {
    @Test func tasksComeOutByDeadlineThenInTheOrderTheyWentIn() {
        var queue = PollQueue()
        let deadlines = [5, 1, 9, 3, 3, 7, 0, 3]
        for (index, deadline) in deadlines.enumerated() {
            queue.push(task(index, due: at(.milliseconds(deadline))))
        }
        #expect(queue.popDue(at: at(.milliseconds(-1))) == nil, "nothing is due yet")
        var order: [String] = []
        while let next = queue.popDue(at: at(.seconds(1))) { order.append(next.record.job.key.productID) }
        #expect(order == ["6", "1", "3", "4", "7", "0", "5", "2"])
        #expect(queue.isEmpty)
    }

    @Test func theScheduleCountsItsReadsOfATask() {
        let schedule = PollSchedule.evoLink
        #expect(schedule.reads(forTaskTaking: .seconds(10)).count == 4)
        #expect(schedule.reads(forTaskTaking: .seconds(10)).detectedAfter == .seconds(12))
        // 3, 6, …, 21 (early), then every 8 s.
        #expect(schedule.reads(forTaskTaking: .seconds(30)).count == 9)
        #expect(schedule.reads(forTaskTaking: .zero).count == 1)
    }

    private func at(_ offset: Duration) -> AnyClock.Instant { AnyClock.Instant(sinceOrigin: offset) }

    private func task(_ index: Int, due: AnyClock.Instant) -> InFlightTask {
        let job = Job(
            key: JobKey(productID: "\(index)", variantID: "v"), productTitle: "", variant: Variant(options: []),
            prompt: "", references: [], settings: ImageSettings(), estimatedCost: .zero)
        let record = JobRecord(
            job: job, state: .submitted, idempotencyKey: nil, taskID: "t\(index)", resultURLs: [], failureReason: nil,
            failureRetryable: nil)
        return InFlightTask(record: record, started: at(.zero), waitingSince: at(.zero), nextPollAt: due)
    }
}
