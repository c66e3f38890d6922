import CatalogTestSupport
import Foundation
import Synchronization
import Testing

@testable import JobStore

/// The one advisory lock helper: what `RunLock` and the manifest's publishers stand on.
struct FileLockTests {
    @Test func anExclusiveHolderKeepsOthersOutUntilItGoes() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url("a.lock").path
        var first: FileLock? = try FileLock(path: path)
        #expect(first?.tryLock(.exclusive) == .taken)
        // flock is per open file, so a second open in this process is refused like another process.
        let second = try FileLock(path: path)
        #expect(second.tryLock(.exclusive) == .busy)
        #expect(second.tryLock(.shared) == .busy)
        first = nil
        #expect(second.tryLock(.exclusive) == .taken, "closing the holder's file dropped its lock")
    }

    @Test func sharedHoldersShareAndKeepAnExclusiveOneOut() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url("b.lock").path
        let writer = try FileLock(path: path)
        let (one, two) = (try FileLock(path: path, readOnly: true), try FileLock(path: path, readOnly: true))
        #expect(one.tryLock(.shared) == .taken)
        #expect(two.tryLock(.shared) == .taken)
        #expect(writer.tryLock(.exclusive) == .busy)
        one.unlock()
        two.unlock()
        #expect(writer.tryLock(.exclusive) == .taken)
    }

    @Test func theHolderLeavesANoteForTheNext() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url("c.lock").path
        let holder = try FileLock(path: path)
        #expect(holder.contents() == nil, "a new lock file is empty")
        holder.replaceContents(with: "a long first note\n")
        holder.replaceContents(with: "pid 1\n")
        #expect(try FileLock(path: path, readOnly: true).contents() == "pid 1", "replaced, not overwritten in part")
    }

    @Test func aMissingFileIsReportedWithItsCode() throws {
        let directory = try TemporaryDirectory()
        let error = #expect(throws: FileLockError.self) {
            try FileLock(path: directory.url("none.lock").path, readOnly: true)
        }
        #expect(error?.code == ENOENT)
        #expect(error?.description.hasPrefix("cannot lock \(directory.url("none.lock").path): ") == true)
    }

    /// Holders of the same lock file take turns: no two bodies ever run at once.
    @Test func withExclusiveLockRunsOneBodyAtATime() async throws {
        let directory = try TemporaryDirectory()
        let folder = directory.url("new/folder").path
        let counts = Counts()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<20 {
                        try FileLock.withExclusiveLock(in: folder, name: ".test.lock") {
                            if counts.inside.add(1, ordering: .sequentiallyConsistent).newValue > 1 {
                                counts.overlaps.add(1, ordering: .sequentiallyConsistent)
                            }
                            usleep(200)
                            counts.inside.subtract(1, ordering: .sequentiallyConsistent)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(counts.overlaps.load(ordering: .sequentiallyConsistent) == 0)
        #expect(FileManager.default.fileExists(atPath: directory.url("new/folder/.test.lock").path))
    }

    /// Bodies inside the lock now, and how often one found another already there.
    private final class Counts: Sendable {
        let inside = Atomic<Int>(0)
        let overlaps = Atomic<Int>(0)
    }
}
