import CatalogTestSupport
import Foundation
import Testing

@testable import AssetStorage

struct AbandonedTemporaryFilesTests {
    @Test func removesOnlyTheTemporaryFilesOfTheGoneWriter() throws {
        let directory = try TemporaryDirectory()
        let dead = try Self.deadPID()
        let otherDead = try Self.deadPID()
        let live = ProcessInfo.processInfo.processIdentifier
        let abandoned = [
            "images/p1/white.png.tmp-\(dead)-12345", "manifest.json.tmp-\(dead)-1", "exports/a.zip.tmp-\(dead)-99",
        ]
        let kept = [
            "images/p1/white.png", "images/p2/white.png.tmp-\(live)-7",  // a live writer's
            "manifest.json.tmp-\(otherDead)-5",  // another process's (maybe in another container)
            "images/p3/white.png.tmp-", "images/p3/x.tmp-abc-1", "images/p3/y.tmp-\(dead)-", "images/p3/z.tmp-\(dead)",
            "images/p3/w.tmp-\(dead)-1-2", "images/p3/v.tmp--\(dead)-1", ".tmp-\(dead)-1", "images/p3/u.tmp-0-1",
            "notes.txt",
        ]
        for path in abandoned + kept { _ = try directory.write("x", to: path) }
        let removed = AbandonedTemporaryFiles.remove(under: directory.path, writtenBy: dead)
        #expect(Set(removed) == Set(abandoned))
        for path in kept { #expect(FileManager.default.fileExists(atPath: directory.url(path).path), "\(path)") }
        for path in abandoned { #expect(!FileManager.default.fileExists(atPath: directory.url(path).path)) }
        // A writer still running keeps its files; so does pid 0 (kill(0) would mean the group).
        #expect(AbandonedTemporaryFiles.remove(under: directory.path, writtenBy: live).isEmpty)
        #expect(AbandonedTemporaryFiles.remove(under: directory.path, writtenBy: 0).isEmpty)
        #expect(AbandonedTemporaryFiles.remove(under: directory.url("missing").path, writtenBy: otherDead).isEmpty)
    }

    @Test func atomicFileNamesItsTemporaryFilesSoTheyCanBeFound() throws {
        let temporary = AtomicFile.temporaryPath(for: "/out/images/p1/white.png")
        #expect(temporary.hasPrefix("/out/images/p1/white.png.tmp-"))
        #expect(AbandonedTemporaryFiles.writerPID(of: temporary) == ProcessInfo.processInfo.processIdentifier)
    }

    /// The pid of a process that has exited and been reaped.
    static func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}
