import CatalogModel

/// One CSV record and the physical line it started on.
///
/// The fields are kept as one byte buffer with their end offsets, and a field becomes a
/// `String` only when it is read: a product mapping that uses a few columns of a wide export
/// pays for those columns alone, and parsing a record allocates nothing once the buffers have
/// grown to the feed's widest record. The bytes are valid UTF-8, checked by the parser.
public struct CSVRecord: Sendable {
    /// 1-based physical line of the record's first byte.
    public var line: Int
    /// Storage, grown but never shrunk; the record is its first `byteCount` bytes. Copying
    /// runs into it directly is cheaper than `Array.append(contentsOf:)` per field.
    private var bytes: [UInt8] = []
    /// The bytes of every field together.
    private(set) var byteCount = 0
    private(set) var ends: [Int] = []

    public init(fields: [String], line: Int) {
        self.line = line
        for field in fields { append(field) }
    }

    init(line: Int) {
        self.line = line
    }

    /// The number of fields (a ragged row has fewer or more than the header).
    public var count: Int { ends.count }

    /// Every field as a `String`.
    public var fields: [String] { (0..<count).map { self[$0] } }

    /// The field at `index`, or the empty string past the row's end (ragged rows).
    public subscript(index: Int) -> String {
        withField(at: index) { String(decoding: $0, as: UTF8.self) }
    }

    /// The field without surrounding whitespace, trimmed before it becomes a `String`.
    public func trimmed(_ index: Int) -> String {
        withField(at: index) { String(trimming: $0) }
    }

    /// The field as a comma-separated list (`CommaSeparatedList`), split on its bytes.
    public func list(_ index: Int) -> [String] {
        withField(at: index) { CommaSeparatedList.items(in: $0) }
    }

    /// Whether the field, trimmed as `trimmed(_:)` trims it, is `text`, without making a
    /// `String` when both are ASCII: the Shopify profile asks it of every row's handle.
    func trimmed(_ index: Int, equals text: String) -> Bool {
        withField(at: index) { ASCIITrim.trimmed($0, equals: text) }
    }

    /// Whether the field is missing or empty.
    public func isEmpty(_ index: Int) -> Bool {
        index >= count || start(of: index) == ends[index]
    }

    /// The field's first byte, if any.
    func firstByte(_ index: Int) -> UInt8? {
        isEmpty(index) ? nil : bytes[start(of: index)]
    }

    private func start(of index: Int) -> Int { index == 0 ? 0 : ends[index - 1] }

    private func withField<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        guard index >= 0 && index < count else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        let range = start(of: index)..<ends[index]
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    // MARK: Building (the parser)

    mutating func append(_ field: String) {
        var field = field
        field.withUTF8 { append($0) }
        endField()
    }

    mutating func append(_ run: UnsafeBufferPointer<UInt8>) {
        guard let source = run.baseAddress, !run.isEmpty else { return }
        let offset = byteCount
        let end = offset + run.count
        if end > bytes.count { grow(to: end) }
        bytes.withUnsafeMutableBufferPointer { storage in
            storage.baseAddress?.advanced(by: offset).update(from: source, count: run.count)
        }
        byteCount = end
    }

    mutating func append(_ byte: UInt8) {
        if byteCount == bytes.count { grow(to: byteCount + 1) }
        bytes[byteCount] = byte
        byteCount += 1
    }

    private mutating func grow(to size: Int) {
        bytes.append(contentsOf: repeatElement(0, count: max(size, bytes.count * 2, 256) - bytes.count))
    }

    mutating func endField() {
        ends.append(byteCount)
    }

    /// Empties the record, keeping its buffers for the next one.
    mutating func reset(line: Int) {
        self.line = line
        byteCount = 0
        ends.removeAll(keepingCapacity: true)
    }

    /// The offset of the first byte that is not valid UTF-8, each field checked on its own, or
    /// `nil`. Pure ASCII, the common case, is one pass with no branches per byte.
    func firstInvalidUTF8Offset() -> Int? {
        bytes.withUnsafeBufferPointer { storage in
            let buffer = UnsafeBufferPointer(rebasing: storage[0..<byteCount])
            var combined: UInt8 = 0
            for byte in buffer { combined |= byte }
            if combined < 0x80 { return nil }
            var start = 0
            for end in ends {
                if let bad = UTF8Validation.firstInvalidOffset(in: UnsafeBufferPointer(rebasing: buffer[start..<end])) {
                    return start + bad
                }
                start = end
            }
            return nil
        }
    }

    /// Lines the record's bytes span before `offset` (line breaks inside quoted fields), a
    /// CR LF pair counting once; counted field by field, as the parser counts them.
    func lineBreaks(before offset: Int) -> Int {
        var breaks = 0
        var start = 0
        for end in ends where start < offset {
            var previousWasCR = false
            for byte in bytes[start..<min(end, offset)] {
                if byte == 0x0A {
                    if !previousWasCR { breaks += 1 }
                    previousWasCR = false
                } else {
                    if byte == 0x0D { breaks += 1 }
                    previousWasCR = byte == 0x0D
                }
            }
            start = end
        }
        return breaks
    }
}

extension CSVRecord: Equatable {
    public static func == (lhs: CSVRecord, rhs: CSVRecord) -> Bool {
        lhs.line == rhs.line && lhs.ends == rhs.ends && lhs.bytes[..<lhs.byteCount] == rhs.bytes[..<rhs.byteCount]
    }
}
