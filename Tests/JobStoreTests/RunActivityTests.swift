import Foundation
import Testing

@testable import JobStore

/// What `status` says about the last run, from its row and the run lock.
struct RunActivityTests {
    let started = Date(timeIntervalSince1970: 1_800_000_000)

    func run(_ status: String) -> RunRecord {
        RunRecord(id: 7, status: status, startedAt: started, finishedAt: status == "running" ? nil : started + 60)
    }

    func holder(since offset: TimeInterval) -> RunLockProbe {
        .held(RunLockHolder("pid 42, since \((started + offset).formatted(.iso8601))"))
    }

    @Test func aRunningRowWithoutAHolderDidNotFinish() {
        let lines = RunActivity.lines(lastRun: run("running"), lock: .free)
        #expect(lines.count == 1)
        #expect(lines[0].hasPrefix("last run #7: did not finish"))
        #expect(lines[0].contains("resumes it"))
    }

    @Test func theHolderThatTookTheLockBeforeTheRowBeganIsThatRun() {
        #expect(
            RunActivity.lines(lastRun: run("running"), lock: holder(since: -2)) == [
                "last run #7: running now (pid 42, since \((started - 2).formatted(.iso8601))), started \(started)"
            ])
        // Its row says finished while it still writes the manifest and report.
        let ending = RunActivity.lines(lastRun: run("finished"), lock: holder(since: -2))
        #expect(ending.count == 1)
        #expect(ending[0].hasPrefix("last run #7: finished, started"))
        #expect(ending[0].contains("still writing its manifest and report (pid 42"))
    }

    /// A newer run plans before it writes its row: the last row (crashed, or ended) is not its.
    @Test(arguments: ["running", "finished", "interrupted"])
    func aHolderThatCameAfterTheRowIsANewRunStarting(status: String) {
        let lines = RunActivity.lines(lastRun: run(status), lock: holder(since: 3600))
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix(status == "running" ? "last run #7: did not finish" : "last run #7: \(status),"))
        #expect(lines[1].hasPrefix("a run is starting (pid 42, since "))
    }

    @Test func anEndedRowWithoutAHolderIsAsRecorded() {
        #expect(
            RunActivity.lines(lastRun: run("interrupted"), lock: .free) == [
                "last run #7: interrupted, started \(started), finished \(started + 60)"
            ])
    }

    @Test func anUnreadableLockSaysSoAndGuessesNothing() {
        let lines = RunActivity.lines(
            lastRun: run("running"), lock: .unknown("cannot open .run.lock: Permission denied"))
        #expect(
            lines == [
                "last run #7: running, started \(started) (whether its process is alive is unknown: "
                    + "cannot open .run.lock: Permission denied)"
            ])
    }

    @Test func goingMeansARunningRowHeldByItsOwnRun() {
        #expect(RunActivity.isGoing(run("running"), lock: holder(since: -2)))
        #expect(!RunActivity.isGoing(run("running"), lock: holder(since: 3600)), "a newer run, still planning")
        #expect(!RunActivity.isGoing(run("running"), lock: .free))
        #expect(!RunActivity.isGoing(run("finished"), lock: holder(since: -2)))
        #expect(!RunActivity.isGoing(nil, lock: holder(since: 0)))
    }

    @Test func noRunYet() {
        #expect(RunActivity.lines(lastRun: nil, lock: .free).isEmpty)
        #expect(RunActivity.lines(lastRun: nil, lock: holder(since: 0)).first?.hasPrefix("a run is starting") == true)
    }

    @Test func aStampWithoutATimeMatchesARunningRow() {
        #expect(RunLockHolder("another process").since == nil)
        #expect(
            RunActivity.lines(lastRun: run("running"), lock: .held(RunLockHolder("another process")))
                .first?.contains("running now (another process)") == true)
    }
}
