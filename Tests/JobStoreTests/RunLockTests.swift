import CatalogTestSupport
import Foundation
import Testing

@testable import JobStore

struct RunLockTests {
    @Test func oneHolderAtATimeAndTheNextOneKnowsWhoCameBefore() throws {
        let directory = try TemporaryDirectory()
        let me = ProcessInfo.processInfo.processIdentifier
        var first: RunLock? = try RunLock.acquire(folder: directory.path)
        #expect(first?.previousHolder == nil, "a new folder had no holder")
        // flock is per open file, so a second open in this process is refused like another process.
        let refused = #expect(throws: RunLockError.self) { try RunLock.acquire(folder: directory.path) }
        #expect(refused?.isHeldByAnotherRun == true)
        #expect(refused?.description.contains("pid \(me), since ") == true, "\(String(describing: refused))")
        first = nil
        let second = try RunLock.acquire(folder: directory.path)
        #expect(second.previousHolder == me)
    }

    @Test func aProbeSeesTheHolderAndNeverStandsInTheWay() throws {
        let directory = try TemporaryDirectory()
        #expect(RunLock.probe(folder: directory.path) == .free, "no lock file yet")
        let before = Date().addingTimeInterval(-1)
        var lock: RunLock? = try RunLock.acquire(folder: directory.path)
        let me = ProcessInfo.processInfo.processIdentifier
        guard case .held(let holder) = RunLock.probe(folder: directory.path) else {
            Issue.record("a held lock probed as not held")
            return
        }
        #expect(holder.text.hasPrefix("pid \(me), since "))
        let since = try #require(holder.since, "the stamp's time is read back")
        #expect(since >= before && since <= Date())
        // The probe left the lock as it was: still held, and refused to another.
        #expect(throws: RunLockError.self) { try RunLock.acquire(folder: directory.path, patience: .zero) }
        lock = nil
        #expect(RunLock.probe(folder: directory.path) == .free, "the stamp of a run that ended is not a holder")
        lock = try RunLock.acquire(folder: directory.path)
        #expect(lock != nil)
    }

    @Test func aRunStartingWhileAProbeLooksWaitsItOut() throws {
        let directory = try TemporaryDirectory()
        _ = try RunLock.acquire(folder: directory.path)
        // A probe's shared lock, held here for 50 ms instead of microseconds.
        let descriptor = open(directory.url(".run.lock").path, O_RDONLY | O_CLOEXEC)
        try #require(descriptor >= 0)
        #expect(flock(descriptor, LOCK_SH | LOCK_NB) == 0)
        #expect(throws: RunLockError.self) { try RunLock.acquire(folder: directory.path, patience: .zero) }
        let release = Thread {
            usleep(50_000)
            close(descriptor)
        }
        release.start()
        // Patient enough for a loaded machine; the default is a quarter second.
        let lock = try RunLock.acquire(folder: directory.path, patience: .seconds(10))
        #expect(lock.previousHolder == ProcessInfo.processInfo.processIdentifier)
    }

    @Test func aLockFileThatCannotBeOpenedIsNotTakenForAFreeFolder() throws {
        let directory = try TemporaryDirectory()
        // A link to itself: opening it fails (ELOOP), and not because there is no lock file.
        try FileManager.default.createSymbolicLink(
            atPath: directory.url(".run.lock").path, withDestinationPath: ".run.lock")
        guard case .unknown(let reason) = RunLock.probe(folder: directory.path) else {
            Issue.record("an unreadable lock file probed as free or held")
            return
        }
        #expect(reason.contains(".run.lock"))
    }

    @Test func aFolderThatCannotHoldTheLockSaysSo() throws {
        let directory = try TemporaryDirectory()
        let error = #expect(throws: RunLockError.self) {
            try RunLock.acquire(folder: directory.url("no/such/folder").path)
        }
        #expect(error?.isHeldByAnotherRun == false)
        #expect(error?.description.contains("cannot lock") == true)
    }

    @Test(arguments: [
        ("pid 42, since 2026-11-28T10:00:00Z", 42 as Int32?), ("pid 7", 7), ("pid x", nil), ("someone", nil), ("", nil),
    ])
    func readsThePidAHolderWrote(text: String, pid: Int32?) {
        #expect(RunLock.pid(in: text) == pid)
    }
}
