import AssetStorage
import CatalogModel
import CatalogTestSupport
import Foundation
import JobStore
import Testing

@testable import Dispatcher

/// Steps that arrive together share one transaction, and each caller hears its own outcome. The
/// steps run on a `ClockDriver`, whose clock moves (past the window) only once every step has
/// arrived and waits: the groups are the same on every run.
struct GroupCommitterTests {
    func job(_ id: String) -> Job {
        Job(
            key: JobKey(productID: id, variantID: "background=white"), productTitle: id,
            variant: Variant(options: [VariantOption(axis: "background", id: "white", fields: [:])]),
            prompt: "a \(id) on white", references: [], settings: ImageSettings(), estimatedCost: Money(usd: 0.01))
    }

    /// A store in a new folder with `count` jobs registered, `<prefix>1` and on.
    func registeredJobs(_ count: Int, named prefix: String) throws -> (TemporaryDirectory, JobStore, [Job]) {
        let directory = try TemporaryDirectory()
        let store = try JobStore(path: directory.url("state.sqlite").path)
        let jobs = (1...count).map { job("\(prefix)\($0)") }
        try store.register(jobs, runID: try store.beginRun(specName: prefix))
        return (directory, store, jobs)
    }

    @Test func concurrentStepsShareTransactionsAndFailAlone() async throws {
        let (directory, store, jobs) = try registeredJobs(50, named: "P")
        let time = ClockDriver()
        let committer = GroupCommitter(
            store: store, storage: FileAssetStorage(root: directory.path), clock: time.anyClock,
            window: .milliseconds(200), executor: time.executor)
        let ghost = JobKey(productID: "ghost", variantID: "background=white")

        let outcomes = try await time.run {
            await withTaskGroup(of: (JobKey, Bool).self) { group in
                for key in jobs.map(\.key) + [ghost] {
                    group.addTask {
                        do {
                            try await committer.commit(
                                .submitting(key, idempotencyKey: "cr-\(key.productID)", imageURLs: []))
                            return (key, true)
                        } catch {
                            return (key, false)
                        }
                    }
                }
                return await group.reduce(into: [JobKey: Bool]()) { $0[$1.0] = $1.1 }
            }
        }

        #expect(outcomes[ghost] == false)
        #expect(jobs.allSatisfy { outcomes[$0.key] == true })
        for job in jobs { #expect(try store.job(job.key)?.idempotencyKey == "cr-\(job.key.productID)") }
        // A full group of 32 at once, the other 19 when the window ends.
        #expect(committer.transactions == 2)
        #expect(time.clock.now.sinceOrigin == .milliseconds(200))
    }

    /// Results staged by steps that arrive together go in place with the group, before the
    /// rows that record them; a result that cannot go in place fails its own step only.
    @Test(arguments: [Duration.milliseconds(200), .zero])
    func storedResultsGoInPlaceBeforeTheirRows(window: Duration) async throws {
        let (directory, store, jobs) = try registeredJobs(30, named: "S")
        let storage = FileAssetStorage(root: directory.url("out").path)
        for job in jobs {
            try store.markSubmitting(job.key, idempotencyKey: "cr-\(job.key.productID)")
            try store.markSubmitted(job.key, taskID: "task-\(job.key.productID)")
            try store.markCompleted(job.key, resultURLs: ["http://127.0.0.1/\(job.key.productID).png"])
        }
        let time = ClockDriver()
        let committer = GroupCommitter(
            store: store, storage: storage, clock: time.anyClock, window: window, executor: time.executor)
        let blocked = jobs[7].key
        try directory.write("in the way", to: "out/images/\(blocked.productID)/white.png/inside")

        let outcomes = try await time.run {
            await withTaskGroup(of: (JobKey, Bool).self) { group in
                for job in jobs {
                    group.addTask {
                        do {
                            let staged = try storage.stage(
                                Array(job.key.productID.utf8), at: "images/\(job.key.productID)/white.png")
                            let output = OutputRecord(
                                path: staged.asset.path, sha256: staged.asset.sha256, format: "png", width: 1,
                                height: 1,
                                bytes: staged.asset.bytes, taskID: "task-\(job.key.productID)",
                                fingerprint: job.fingerprint.hex)
                            try await committer.commit(.stored(job, output), publishing: staged)
                            return (job.key, true)
                        } catch {
                            return (job.key, false)
                        }
                    }
                }
                return await group.reduce(into: [JobKey: Bool]()) { $0[$1.0] = $1.1 }
            }
        }

        #expect(outcomes[blocked] == false)
        #expect(try store.job(blocked)?.state == .completed)
        let stored = try store.storedItems(for: jobs.map(\.key).filter { $0 != blocked })
        #expect(stored.count == 29)
        for item in stored {
            let id = item.record.job.key.productID
            #expect(outcomes[item.record.job.key] == true)
            #expect(try storage.read(item.output.path) == Array(id.utf8))
            #expect(item.output.sha256 == SHA256.hash(Array(id.utf8)).hex)
        }
        #expect(try store.stateCounts() == [.stored: 29, .completed: 1])
        #expect(committer.transactions == (window > .zero ? 1 : 30), "one group, or one step at a time")
    }

    /// A full group does not wait out the window: at a high rate the window would cap the steps
    /// per window.
    @Test func aFullGroupIsCommittedWithoutWaitingOutTheWindow() async throws {
        let (directory, store, jobs) = try registeredJobs(16, named: "F")
        let time = ClockDriver()
        let committer = GroupCommitter(
            store: store, storage: FileAssetStorage(root: directory.path), clock: time.anyClock,
            window: .seconds(600), maxGroup: 8, executor: time.executor)
        try await time.run {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for job in jobs {
                    group.addTask {
                        try await committer.commit(
                            .submitting(job.key, idempotencyKey: "cr-\(job.key.productID)", imageURLs: []))
                    }
                }
                try await group.waitForAll()
            }
        }
        #expect(time.clock.now.sinceOrigin == .zero, "the steps waited out the 600 s window")
        #expect(committer.transactions == 2)
        #expect(try store.stateCounts() == [.submitting: 16])
    }

    @Test func aZeroWindowCommitsEachStepAlone() async throws {
        let (directory, store, jobs) = try registeredJobs(3, named: "Z")
        let committer = GroupCommitter(
            store: store, storage: FileAssetStorage(root: directory.path), clock: .continuous, window: .zero)
        for job in jobs {
            try await committer.commit(.submitting(job.key, idempotencyKey: "cr-\(job.key.productID)", imageURLs: []))
        }
        #expect(committer.transactions == 3)
        #expect(try store.stateCounts() == [.submitting: 3])
    }

    /// An urgent step (a free slot, or the run's end, waits for it) does not wait out the window;
    /// the steps that arrived with it share its transaction, and a step that comes later waits for
    /// its own window as before.
    @Test func anUrgentStepIsCommittedWithoutWaitingOutTheWindow() async throws {
        let (directory, store, jobs) = try registeredJobs(6, named: "U")
        let time = ClockDriver()
        let committer = GroupCommitter(
            store: store, storage: FileAssetStorage(root: directory.path), clock: time.anyClock,
            window: .seconds(600), executor: time.executor)
        try await time.run {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, job) in jobs.prefix(5).enumerated() {
                    group.addTask {
                        try await committer.commit(
                            .submitting(job.key, idempotencyKey: "cr-\(job.key.productID)", imageURLs: []),
                            urgent: index == 2)
                    }
                }
                try await group.waitForAll()
            }
        }
        #expect(time.clock.now.sinceOrigin == .zero, "the urgent step waited out the 600 s window")
        #expect(try store.stateCounts() == [.submitting: 5, .planned: 1])
        let urgentTransactions = committer.transactions
        #expect(urgentTransactions == 1, "the steps that came with it share its transaction")

        let last = try #require(jobs.last)
        try await time.run {
            try await committer.commit(.submitting(last.key, idempotencyKey: "cr-last", imageURLs: []))
        }
        #expect(time.clock.now.sinceOrigin == .seconds(600), "a step that is not urgent waits for others")
        #expect(committer.transactions == urgentTransactions + 1)
    }
}
