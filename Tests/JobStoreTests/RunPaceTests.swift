import CatalogModel
import CatalogTestSupport
import Foundation
import Testing

@testable import JobStore

/// `status`'s pace line for a run that is going.
struct RunPaceTests {
    @Test func jobsToGoAreThoseNotYetStoredOrEnded() {
        let counts: [JobState: Int] = [
            .planned: 5, .submitting: 1, .submitted: 7, .completed: 2, .stored: 40, .failed: 3, .skipped: 4,
        ]
        #expect(RunPace.remaining(counts) == 15)
        #expect(RunPace.remaining([:]) == 0)
    }

    @Test(arguments: [
        (30, 90, "pace: 30 stored in the last minute; 90 jobs to go, about 3 min at this pace"),
        (1, 200, "pace: 1 stored in the last minute; 200 jobs to go, about 3 h 20 min at this pace"),
        (100, 20, "pace: 100 stored in the last minute; 20 jobs to go, under a minute at this pace"),
        (0, 12, "pace: none stored in the last minute; 12 jobs to go"),
        (12, 0, "pace: 12 stored in the last minute; nothing left to store"),
    ])
    func line(stored: Int, remaining: Int, expected: String) {
        #expect(RunPace.line(storedLastMinute: stored, remaining: remaining) == expected)
    }

    @Test func theStoreCountsResultsStoredSinceAMoment() throws {
        let directory = try TemporaryDirectory()
        let store = try JobStore(path: directory.url("state.sqlite").path)
        let before = Date().addingTimeInterval(-1)
        #expect(try store.outputsStored(since: before) == 0)
        for id in ["A", "B"] {
            let job = sampleJob(id)
            try store.walkToStored(
                job, runID: try store.beginRun(specName: "s"),
                output: OutputRecord(
                    path: "images/\(id).png", sha256: String(repeating: "1", count: 64), format: "png", width: 8,
                    height: 8, bytes: 9, taskID: "task-\(id)", fingerprint: job.fingerprint.hex))
        }
        #expect(try store.outputsStored(since: before) == 2)
        #expect(try store.outputsStored(since: Date().addingTimeInterval(1)) == 0)
    }
}
