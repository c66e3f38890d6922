import Foundation

/// Sorted 64-bit hashes in an unlinked temporary file (gone when closed, or when the process
/// dies), searched by binary search with pread(2): what `ProductIDIndex` keeps off the heap.
final class SortedHashRun {
    private let descriptor: Int32
    let count: Int

    /// A run written in pieces: `write` hands `append` the hashes in ascending order, as many
    /// pieces as it likes, so the caller never gathers them in one array. In `directory` (the
    /// system's temporary folder by default), unlinked at once.
    init(
        in directory: URL = FileManager.default.temporaryDirectory,
        writing write: (_ append: (UnsafeBufferPointer<UInt64>) throws -> Void) throws -> Void
    ) throws {
        let descriptor = try Self.openTemporaryFile(in: directory)
        var count = 0
        var last: UInt64 = 0
        do {
            try write { hashes in
                guard let first = hashes.first else { return }
                precondition(count == 0 || first >= last, "a run's pieces must come in ascending order")
                assert(zip(hashes, hashes.dropFirst()).allSatisfy { $0 <= $1 }, "a run's piece must be sorted")
                try Self.writeAll(UnsafeRawBufferPointer(hashes), to: descriptor)
                count += hashes.count
                last = hashes[hashes.count - 1]
            }
        } catch {
            close(descriptor)
            throw error
        }
        self.descriptor = descriptor
        self.count = count
    }

    /// One run holding every hash of `runs`, merged as a stream (a block of each at a time).
    init(merging runs: [SortedHashRun], in directory: URL = FileManager.default.temporaryDirectory) throws {
        descriptor = try Self.openTemporaryFile(in: directory)
        count = runs.reduce(0) { $0 + $1.count }
        do {
            var cursors = runs.map { Cursor(run: $0) }
            var output: [UInt64] = []
            output.reserveCapacity(Cursor.blockSize)
            while true {
                var smallest: (index: Int, value: UInt64)?
                for index in cursors.indices {
                    guard let value = try cursors[index].peek() else { continue }
                    if value < smallest?.value ?? .max || smallest == nil { smallest = (index, value) }
                }
                guard let (next, value) = smallest else { break }
                cursors[next].position += 1
                output.append(value)
                if output.count == Cursor.blockSize {
                    try output.withUnsafeBytes { try Self.writeAll($0, to: descriptor) }
                    output.removeAll(keepingCapacity: true)
                }
            }
            try output.withUnsafeBytes { try Self.writeAll($0, to: descriptor) }
        } catch {
            close(descriptor)
            throw error
        }
    }

    deinit {
        close(descriptor)
    }

    func contains(_ hash: UInt64) -> Bool {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            guard let value = try? read(at: middle) else { return false }
            if value == hash { return true }
            if value < hash { low = middle + 1 } else { high = middle }
        }
        return false
    }

    fileprivate func read(at index: Int) throws -> UInt64 {
        var value: UInt64 = 0
        let got = withUnsafeMutableBytes(of: &value) { pread(descriptor, $0.baseAddress, 8, off_t(index * 8)) }
        guard got == 8 else { throw CocoaError(.fileReadUnknown) }
        return value
    }

    fileprivate func read(into buffer: inout [UInt64], from index: Int) throws {
        let wanted = min(buffer.count, count - index)
        let got = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, wanted * 8, off_t(index * 8)) }
        guard got == wanted * 8 else { throw CocoaError(.fileReadUnknown) }
        buffer.removeLast(buffer.count - wanted)
    }

    private static func openTemporaryFile(in directory: URL) throws -> Int32 {
        let path = directory.appendingPathComponent("catalog-refresh-ids-\(UUID().uuidString)").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        unlink(path)
        return descriptor
    }

    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) throws {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress?.advanced(by: offset), bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw CocoaError(.fileWriteUnknown) }
            offset += written
        }
    }

    /// Reads a run front to back, a block at a time.
    private struct Cursor {
        static let blockSize = 1 << 14
        let run: SortedHashRun
        var block: [UInt64] = []
        var position = 0
        var nextIndex = 0

        init(run: SortedHashRun) {
            self.run = run
        }

        mutating func peek() throws -> UInt64? {
            if position == block.count {
                guard nextIndex < run.count else { return nil }
                block = [UInt64](repeating: 0, count: Self.blockSize)
                try run.read(into: &block, from: nextIndex)
                nextIndex += block.count
                position = 0
            }
            return block[position]
        }
    }
}
