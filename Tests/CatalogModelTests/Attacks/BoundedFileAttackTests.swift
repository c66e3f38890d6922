import CatalogModel
import CatalogTestSupport
import Foundation
import Testing

@Suite("Bounded file read attacks")
struct BoundedFileAttackTests {
    /// #20 item 10: a sparse 3 GB file is refused by the size of the opened file, unread.
    @Test func aSparseHugeFileIsRefusedBeforeItIsRead() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url("huge.png").path
        let descriptor = open(path, O_CREAT | O_WRONLY, 0o644)
        #expect(descriptor >= 0)
        #expect(ftruncate(descriptor, 3_000_000_000) == 0)
        close(descriptor)
        #expect(throws: BoundedFile.Failure.tooLarge(bytes: 3_000_000_000, limit: 50 << 20)) {
            try BoundedFile.read(path, limit: 50 << 20)
        }
    }

    /// #20 item 10: a pipe or a folder is not read at all (a FIFO would block forever).
    @Test func onlyRegularFilesAreRead() throws {
        let directory = try TemporaryDirectory()
        let fifo = directory.url("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // Opening a FIFO for reading blocks until a writer comes: hold one open meanwhile.
        let writer = open(fifo, O_RDWR | O_NONBLOCK)
        defer { close(writer) }
        #expect(throws: BoundedFile.Failure.notARegularFile) { try BoundedFile.read(fifo, limit: 10) }
        #expect(throws: BoundedFile.Failure.notARegularFile) { try BoundedFile.read(directory.path, limit: 10) }
    }

    /// A file at the limit is read whole; one byte over is refused.
    @Test func theLimitIsInclusive() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("0123456789", to: "ten.txt")
        #expect(try BoundedFile.read(path, limit: 10) == Array("0123456789".utf8))
        #expect(throws: BoundedFile.Failure.tooLarge(bytes: 10, limit: 9)) { try BoundedFile.read(path, limit: 9) }
        #expect(throws: BoundedFile.Failure.self) { try BoundedFile.read(directory.url("missing").path, limit: 9) }
    }
}
