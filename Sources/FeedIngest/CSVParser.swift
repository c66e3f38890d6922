/// A malformed CSV file: the position and what is wrong there.
public struct CSVSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case unterminatedQuote
        case invalidUTF8
        /// Past `CSVParser.maxRecordBytes` or `maxFields`: a quote never closed, or not CSV.
        case recordTooLarge
    }

    public var reason: Reason
    public var line: Int

    public init(reason: Reason, line: Int) {
        self.reason = reason
        self.line = line
    }

    public var description: String { "line \(line): \(message)" }

    /// What is wrong, without the position.
    public var message: String {
        switch reason {
        case .unterminatedQuote: "a quoted field opens here and is never closed"
        case .invalidUTF8: "bytes that are not valid UTF-8 (declare the feed's encoding in the spec)"
        case .recordTooLarge:
            "the record starting here is larger than \(CSVParser.maxRecordBytes >> 20) MB or has more than "
                + "\(CSVParser.maxFields) fields: a quote that is never closed, or not a CSV file"
        }
    }
}

/// A streaming, byte-level CSV parser (RFC 4180 plus what real exports do): fed chunks of any
/// size, it emits records as soon as they are complete, so memory stays bounded by the longest
/// record, not the file.
///
/// Handles a UTF-8 BOM, LF / CRLF / lone CR line ends, quoted fields with delimiters, doubled
/// quotes and line breaks, and blank lines (skipped). A quote still open at the end is an error.
///
/// The inner loops look for the few bytes that matter in the current state (delimiter, quote,
/// line end) and copy the runs between them in one go; fields stay bytes until they are read
/// (`CSVRecord`), and the record's buffers are reused from one record to the next.
public struct CSVParser: Sendable {
    private enum State: Sendable {
        case recordStart, fieldStart, unquoted, quoted, quoteInQuoted, afterCR
    }

    private static let quote = UInt8(ascii: "\""), lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
    /// Bounds on one record, so a quote never closed cannot make the parser hold the rest of
    /// the file: a 10 MB description passes, a runaway record stops with its line.
    public static let maxRecordBytes = 16 << 20
    public static let maxFields = 100_000

    public let delimiter: UInt8
    private var state: State = .recordStart
    private var record = CSVRecord(line: 1)
    private var line = 1
    private var quoteLine = 1
    private var atFileStart = true
    private var bomBytesSeen = 0
    private var previousWasCRInsideField = false

    public init(delimiter: UInt8 = UInt8(ascii: ",")) {
        self.delimiter = delimiter
    }

    /// Parses `bytes`, calling `emit` for every record completed inside them. The record is
    /// lent to `emit`: keeping it is allowed but makes the parser allocate afresh.
    public mutating func consume(_ bytes: UnsafeRawBufferPointer, emit: (CSVRecord) throws -> Void) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        let byte = base.assumingMemoryBound(to: UInt8.self)
        let count = bytes.count
        var index = atFileStart ? skipByteOrderMark(bytes) : 0
        let delimiter = delimiter
        let (quote, lineFeed, carriageReturn) = (Self.quote, Self.lineFeed, Self.carriageReturn)
        // Each state's loop runs on into the next field or record itself where it can: going
        // back through the `switch` for every field costs a mispredicted jump.
        while index < count {
            switch state {
            case .fieldStart, .unquoted:
                var inField = state == .unquoted
                while index < count {
                    if !inField {
                        if byte[index] == quote {
                            state = .quoted
                            quoteLine = line
                            previousWasCRInsideField = false
                            index += 1
                            break
                        }
                        inField = true
                    }
                    let start = index
                    index = ByteScanner.firstIndex(
                        in: byte, from: index, to: count, of: delimiter, lineFeed, carriageReturn)
                    if index > start {
                        record.append(UnsafeBufferPointer(start: byte + start, count: index - start))
                        try checkRecordSize()
                    }
                    guard index < count else {
                        state = .unquoted
                        return
                    }
                    let current = byte[index]
                    index += 1
                    if current == delimiter {
                        record.endField()
                        if record.count > Self.maxFields { try checkRecordSize() }
                        inField = false
                        state = .fieldStart
                    } else {
                        try endRecord(emit: emit)
                        newLine(afterCR: current == carriageReturn)
                        break
                    }
                }
            case .quoted:
                let start = index
                index = ByteScanner.firstIndex(in: byte, from: index, to: count, of: quote, lineFeed, carriageReturn)
                if index > start {
                    record.append(UnsafeBufferPointer(start: byte + start, count: index - start))
                    previousWasCRInsideField = false
                    try checkRecordSize()
                }
                guard index < count else { return }
                let current = byte[index]
                index += 1
                if current == quote {
                    state = .quoteInQuoted
                } else {
                    countLineInsideField(current)
                    record.append(current)
                }
            case .quoteInQuoted:
                let current = byte[index]
                if current == quote {
                    record.append(quote)
                    // A CR before the `""` and an LF after it are two line breaks, not one.
                    previousWasCRInsideField = false
                    state = .quoted
                    index += 1
                } else if current == delimiter {
                    record.endField()
                    if record.count > Self.maxFields { try checkRecordSize() }
                    state = .fieldStart
                    index += 1
                } else {
                    // A line end is handled there; anything else is kept as data, as
                    // spreadsheet exports expect (`"a"b` → `ab`).
                    state = .unquoted
                }
            case .recordStart:
                let current = byte[index]
                if current == lineFeed || current == carriageReturn {
                    // A blank line: no record.
                    index += 1
                    newLine(afterCR: current == carriageReturn)
                } else {
                    record.reset(line: line)
                    state = .fieldStart
                }
            case .afterCR:
                state = .recordStart
                if byte[index] == lineFeed { index += 1 }
            }
        }
    }

    /// Flushes the last record; throws if a quoted field is still open.
    public mutating func finish(emit: (CSVRecord) throws -> Void) throws {
        switch state {
        case .quoted:
            throw CSVSyntaxError(reason: .unterminatedQuote, line: quoteLine)
        case .recordStart, .afterCR:
            break
        case .fieldStart, .unquoted, .quoteInQuoted:
            try endRecord(emit: emit)
        }
        state = .recordStart
    }

    private mutating func skipByteOrderMark(_ bytes: UnsafeRawBufferPointer) -> Int {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        var index = 0
        while bomBytesSeen < 3 && index < bytes.count {
            guard bytes[index] == bom[bomBytesSeen] else {
                // Not a BOM after all: replay the bytes taken so far as data.
                atFileStart = false
                if bomBytesSeen > 0 {
                    record.reset(line: line)
                    for byte in bom[0..<bomBytesSeen] { record.append(byte) }
                    state = .unquoted
                }
                return index
            }
            bomBytesSeen += 1
            index += 1
        }
        if bomBytesSeen == 3 { atFileStart = false }
        return index
    }

    private func checkRecordSize() throws {
        if record.byteCount > Self.maxRecordBytes || record.count > Self.maxFields {
            throw CSVSyntaxError(reason: .recordTooLarge, line: record.line)
        }
    }

    private mutating func countLineInsideField(_ byte: UInt8) {
        if byte == Self.lineFeed && previousWasCRInsideField {
            previousWasCRInsideField = false
            return
        }
        line += 1
        previousWasCRInsideField = byte == Self.carriageReturn
    }

    private mutating func newLine(afterCR: Bool) {
        line += 1
        previousWasCRInsideField = false
        state = afterCR ? .afterCR : .recordStart
    }

    private mutating func endRecord(emit: (CSVRecord) throws -> Void) throws {
        record.endField()
        if let bad = record.firstInvalidUTF8Offset() {
            throw CSVSyntaxError(reason: .invalidUTF8, line: record.line + record.lineBreaks(before: bad))
        }
        // Lend the record without a second reference, so `reset` reuses its buffers.
        var finished = CSVRecord(line: 0)
        swap(&finished, &record)
        defer { swap(&finished, &record) }
        try emit(finished)
    }
}
