import CatalogModel
import CatalogTestSupport
import Dispatcher
import EvoLinkSimulator
import Foundation
import ImageService
import JobStore
import Synchronization
import Testing

/// Sends every request through `base` and keeps its method and URL.
final class RequestLog: HTTPTransport {
    let base: any HTTPTransport
    private let log = Mutex<[String]>([])

    init(base: any HTTPTransport) {
        self.base = base
    }

    var requests: [String] { log.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        log.withLock { $0.append("\(request.method) \(request.url)") }
        return try await base.send(request)
    }
}

/// The run's warnings, as the dispatcher reports them.
final class WarningLog: Sendable {
    private let log = Mutex<[String]>([])

    var messages: [String] { log.withLock { $0 } }

    func record(_ event: DispatchEvent) {
        if case .warning(let message) = event { log.withLock { $0.append(message) } }
    }
}

/// A task the API answers 404 `task_not_found` for, read after read for minutes, is lost: the
/// job fails `task_lost`, its money stays unknown, and the next run submits it under a new key.
@Suite(.serialized)
struct TaskLostTests {
    @Test func aTaskNotFoundOverTheConfiguredReadsAndSpreadIsLost() async throws {
        let harness = try await DispatcherHarness()
        let job = harness.smallRemoteJob(1)
        let first = try harness.store.beginRun(specName: "test")
        try harness.store.register(job, runID: first)
        // The task of an earlier run (this very server, as far as the store knows) that the API forgot.
        try harness.store.markSubmitting(job.key, idempotencyKey: "cr-forgotten-0123456789")
        try harness.store.markSubmitted(job.key, taskID: "task-unified-1-forgottn")

        let reads = RequestLog(base: harness.network)
        let started = harness.time.clock.now
        let report = try await harness.dispatcher(transport: reads) {
            $0.taskNotFound = TaskNotFoundPolicy(reads: 4, over: .seconds(240))
        }.run([job], runID: try harness.store.beginRun(specName: "test"))

        let taskReads = reads.requests.filter { $0.hasSuffix("/v1/tasks/task-unified-1-forgottn") }
        #expect(taskReads.count == 4, "\(reads.requests)")
        #expect(started.duration(to: harness.time.clock.now) >= .seconds(240), "spread over the configured minutes")
        #expect(report.failed.map(\.key) == [job.key] && report.unfinished.isEmpty)
        let reason = try #require(report.failed.first?.reason)
        #expect(reason.hasPrefix("task_lost: the API no longer knows task task-unified-1-forgottn"), "\(reason)")
        let record = try #require(try harness.store.job(job.key))
        #expect(record.state == .failed && record.failureReason?.hasPrefix("task_lost:") == true)
        // Not released: the reservation stays on record, unsettled.
        #expect(try harness.store.spend(runID: first) == RunSpend(unsettledCount: 1, reserved: job.estimatedCost))
        #expect(try harness.store.failureReasons().map(\.0) == [TaskLoss.code])

        let again = try await harness.dispatcher().run([job], runID: try harness.store.beginRun(specName: "test"))
        #expect(again.stored == 1 && again.submissions == 1)
        #expect(try harness.store.job(job.key)?.idempotencyKey != "cr-forgotten-0123456789")
        #expect(await harness.simulator.state.counters().maxPaidPerKey == 1)
        await harness.close()
    }

    /// Misses only count while they follow each other: three, a read that finds the task, three
    /// more is never four in a row.
    @Test func aReadThatFindsTheTaskStartsTheCountAgain() async throws {
        let harness = try await DispatcherHarness()
        let job = harness.smallRemoteJob(1)
        let script = ScriptedReads(
            base: harness.network, script: [.miss, .miss, .miss, .running, .miss, .miss, .miss])
        // A spread well inside the longest wait for a task.
        let report = try await harness.dispatcher(transport: script) {
            $0.taskNotFound = TaskNotFoundPolicy(reads: 4, over: .seconds(40))
        }.run([job], runID: try harness.store.beginRun(specName: "test"))
        await harness.close()
        #expect(script.remaining == 0, "the script was read through")
        #expect(report.stored == 1 && report.failed.isEmpty && report.unfinished.isEmpty, "\(report)")
    }

    @Test func aTaskFoundAgainAfterA404IsNotLost() async throws {
        let harness = try await DispatcherHarness()
        let job = harness.smallRemoteJob(1)
        // The first read of the task misses (a gateway replica behind), the next ones find it.
        let flaky = ScriptedMisses(base: harness.network, misses: 1)
        let report = try await harness.dispatcher(transport: flaky).run(
            [job], runID: try harness.store.beginRun(specName: "test"))
        #expect(report.stored == 1 && report.failed.isEmpty, "\(report.failed)")
        #expect(flaky.remaining == 0, "the 404 was met")
        await harness.close()
    }
}

/// Task reads answered by a script: a 404 `task_not_found`, a `processing` task, then the real
/// answers once the script is spent.
final class ScriptedReads: HTTPTransport {
    enum Answer { case miss, running }

    let base: any HTTPTransport
    private let script: Mutex<[Answer]>

    init(base: any HTTPTransport, script: [Answer]) {
        self.base = base
        self.script = Mutex(script)
    }

    var remaining: Int { script.withLock { $0.count } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.url.contains("/v1/tasks/"), let answer = script.withLock({ $0.isEmpty ? nil : $0.removeFirst() })
        else { return try await base.send(request) }
        switch answer {
        case .miss:
            return HTTPResponse(
                status: 404,
                body: Array(
                    #"{"error":{"code":"task_not_found","message":"not found","type":"invalid_request_error"}}"#.utf8))
        case .running:
            let id = request.url.split(separator: "/").last.map(String.init) ?? ""
            return HTTPResponse(status: 200, body: Array(#"{"id":"\#(id)","status":"processing","progress":50}"#.utf8))
        }
    }
}

/// Answers the first `misses` task reads with the API's 404 `task_not_found`.
final class ScriptedMisses: HTTPTransport {
    let base: any HTTPTransport
    private let misses: Mutex<Int>

    init(base: any HTTPTransport, misses: Int) {
        self.base = base
        self.misses = Mutex(misses)
    }

    var remaining: Int { misses.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let miss =
            request.url.contains("/v1/tasks/")
            && misses.withLock { count in
                defer { count = max(0, count - 1) }
                return count > 0
            }
        guard miss else { return try await base.send(request) }
        return HTTPResponse(
            status: 404,
            body: Array(
                #"{"error":{"code":"task_not_found","message":"The requested task could not be found","type":"invalid_request_error"}}"#
                    .utf8))
    }
}
