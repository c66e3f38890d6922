import AssetStorage
import CatalogModel
import Foundation

/// A minimal ZIP writer for exports: stored (uncompressed) entries, since JPEGs do not
/// compress; a fixed timestamp (1980-01-01 00:00, the format's epoch) and the caller's entry
/// order, so the same files always give the same archive bytes; `0644` regular files; UTF-8
/// names flagged as such. No ZIP64: more than 65,535 entries or 4 GiB is refused.
enum ZipArchive {
    struct Entry {
        var name: String
        var file: String
    }

    private struct Written {
        var name: [UInt8]
        var crc: UInt32
        var size: UInt32
        var offset: UInt32
        var flags: UInt16
    }

    /// Writes the archive to `path` atomically, reading each entry's file in turn, so memory
    /// holds one image at a time.
    static func write(_ entries: [Entry], to path: String) throws(ExportError) {
        guard entries.count <= 0xFFFF else { throw .archiveTooLarge(path: path) }
        let temporary = AtomicFile.temporaryPath(for: path)
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporary)
        else { throw .cannotWrite(path: path, reason: "cannot create \(temporary)") }
        do {
            var written: [Written] = []
            var offset: UInt64 = 0
            for entry in entries {
                let data = try Data(contentsOf: URL(fileURLWithPath: entry.file))
                let name = Array(entry.name.utf8)
                guard offset + UInt64(30 + name.count + data.count) < UInt64(UInt32.max) else {
                    throw ExportError.archiveTooLarge(path: path)
                }
                let record = Written(
                    name: name, crc: CRC32.checksum(data), size: UInt32(data.count), offset: UInt32(offset),
                    flags: entry.name.utf8.allSatisfy { $0 < 0x80 } ? 0 : 0x0800)
                let header = localHeader(record)
                try handle.write(contentsOf: header)
                try handle.write(contentsOf: data)
                offset += UInt64(header.count + data.count)
                written.append(record)
            }
            let directory = written.flatMap(centralHeader)
            guard offset + UInt64(directory.count) < UInt64(UInt32.max) else {
                throw ExportError.archiveTooLarge(path: path)
            }
            try handle.write(contentsOf: directory)
            try handle.write(
                contentsOf: end(count: written.count, size: directory.count, offset: UInt32(offset)))
            try handle.close()
            try AtomicFile.moveIntoPlace(temporary, to: path)
        } catch let error as ExportError {
            try? handle.close()
            unlink(temporary)
            throw error
        } catch {
            try? handle.close()
            unlink(temporary)
            throw .cannotWrite(path: path, reason: ExportFiles.reason(error))
        }
    }

    private static let dosTime: UInt16 = 0
    /// 1980-01-01: (year − 1980) << 9 | month << 5 | day.
    private static let dosDate: UInt16 = 0x0021

    private static func localHeader(_ entry: Written) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.append(le32: 0x0403_4B50)
        bytes.append(le16: 10)  // version needed: 1.0, stored
        bytes.append(le16: entry.flags)
        bytes.append(le16: 0)  // method: stored
        bytes.append(le16: dosTime)
        bytes.append(le16: dosDate)
        bytes.append(le32: entry.crc)
        bytes.append(le32: entry.size)  // compressed
        bytes.append(le32: entry.size)  // uncompressed
        bytes.append(le16: UInt16(entry.name.count))
        bytes.append(le16: 0)  // extra field length
        return bytes + entry.name
    }

    private static func centralHeader(_ entry: Written) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.append(le32: 0x0201_4B50)
        bytes.append(le16: 0x0314)  // made by: Unix, 2.0
        bytes.append(le16: 10)
        bytes.append(le16: entry.flags)
        bytes.append(le16: 0)
        bytes.append(le16: dosTime)
        bytes.append(le16: dosDate)
        bytes.append(le32: entry.crc)
        bytes.append(le32: entry.size)
        bytes.append(le32: entry.size)
        bytes.append(le16: UInt16(entry.name.count))
        bytes.append(le16: 0)  // extra
        bytes.append(le16: 0)  // comment
        bytes.append(le16: 0)  // disk number start
        bytes.append(le16: 0)  // internal attributes
        bytes.append(le32: 0o100644 << 16)  // external: a regular file, rw-r--r--
        bytes.append(le32: entry.offset)
        return bytes + entry.name
    }

    private static func end(count: Int, size: Int, offset: UInt32) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.append(le32: 0x0605_4B50)
        bytes.append(le16: 0)  // this disk
        bytes.append(le16: 0)  // disk with the directory
        bytes.append(le16: UInt16(count))
        bytes.append(le16: UInt16(count))
        bytes.append(le32: UInt32(size))
        bytes.append(le32: offset)
        bytes.append(le16: 0)  // comment length
        return bytes
    }
}

extension [UInt8] {
    fileprivate mutating func append(le16 value: UInt16) {
        append(UInt8(value & 0xFF))
        append(UInt8(value >> 8))
    }

    fileprivate mutating func append(le32 value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }
}
