/// Reads a stored (uncompressed) ZIP back, from its end record through the central directory
/// to each local header, checking that the two headers agree: an independent parser for the
/// export's zip writer.
struct ZipListing {
    struct Entry: Equatable {
        var name: String
        var crc: UInt32
        var data: [UInt8]
        var modified: (time: UInt16, date: UInt16)

        static func == (a: Entry, b: Entry) -> Bool {
            a.name == b.name && a.crc == b.crc && a.data == b.data && a.modified == b.modified
        }
    }

    var entries: [Entry]

    init?(_ bytes: [UInt8]) {
        func u16(_ at: Int) -> Int? { at + 2 <= bytes.count ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : nil }
        func u32(_ at: Int) -> Int? {
            guard let low = u16(at), let high = u16(at + 2) else { return nil }
            return low | high << 16
        }
        let end = bytes.count - 22
        guard end >= 0, u32(end) == 0x0605_4B50, let count = u16(end + 10), let directory = u32(end + 16) else {
            return nil
        }
        var offset = directory
        var entries: [Entry] = []
        for _ in 0..<count {
            guard u32(offset) == 0x0201_4B50, u16(offset + 10) == 0, let time = u16(offset + 12),
                let date = u16(offset + 14), let crc = u32(offset + 16), let size = u32(offset + 20),
                u32(offset + 24) == size, let nameLength = u16(offset + 28), let extra = u16(offset + 30),
                let comment = u16(offset + 32), let local = u32(offset + 42), offset + 46 + nameLength <= bytes.count
            else { return nil }
            let name = Array(bytes[(offset + 46)..<(offset + 46 + nameLength)])
            guard u32(local) == 0x0403_4B50, u32(local + 14) == crc, u32(local + 18) == size,
                u16(local + 26) == nameLength, let localExtra = u16(local + 28),
                Array(bytes[(local + 30)..<(local + 30 + nameLength)]) == name
            else { return nil }
            let start = local + 30 + nameLength + localExtra
            guard start + size <= bytes.count else { return nil }
            entries.append(
                Entry(
                    name: String(decoding: name, as: UTF8.self), crc: UInt32(crc),
                    data: Array(bytes[start..<(start + size)]), modified: (UInt16(time), UInt16(date))))
            offset += 46 + nameLength + extra + comment
        }
        guard offset == end else { return nil }
        self.entries = entries
    }
}
