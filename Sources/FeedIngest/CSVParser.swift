/// One CSV record and the physical line it started on.
public struct CSVRecord: Sendable, Equatable {
    public var fields: [String]
    /// 1-based physical line of the record's first byte.
    public var line: Int

    public init(fields: [String], line: Int) {
        self.fields = fields
        self.line = line
    }
}

/// A malformed CSV file: the position and what is wrong there.
public struct CSVSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case unterminatedQuote
        case invalidUTF8
    }

    public var reason: Reason
    public var line: Int

    public init(reason: Reason, line: Int) {
        self.reason = reason
        self.line = line
    }

    public var description: String {
        switch reason {
        case .unterminatedQuote: "line \(line): a quoted field opens here and is never closed"
        case .invalidUTF8: "line \(line): bytes that are not valid UTF-8 (declare the feed's encoding in the spec)"
        }
    }
}

/// A streaming, byte-level CSV parser (RFC 4180 plus what real exports do): fed chunks of any
/// size, it emits records as soon as they are complete, so memory stays bounded by the longest
/// record, not the file.
///
/// Handles a UTF-8 BOM, LF / CRLF / lone CR line ends, quoted fields with delimiters, doubled
/// quotes and line breaks, and blank lines (skipped). A quote still open at the end is an error.
public struct CSVParser: Sendable {
    private enum State: Sendable {
        case recordStart, fieldStart, unquoted, quoted, quoteInQuoted, afterCR
    }

    public let delimiter: UInt8
    private var state: State = .recordStart
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var line = 1
    private var recordLine = 1
    private var quoteLine = 1
    private var atFileStart = true
    private var bomBytesSeen = 0
    private var previousWasCRInsideField = false

    public init(delimiter: UInt8 = UInt8(ascii: ",")) {
        self.delimiter = delimiter
        field.reserveCapacity(256)
    }

    /// Parses `bytes`, calling `emit` for every record completed inside them.
    public mutating func consume(_ bytes: UnsafeRawBufferPointer, emit: (CSVRecord) throws -> Void) throws {
        var index = 0
        if atFileStart { index = skipByteOrderMark(bytes) }
        let count = bytes.count
        while index < count {
            // Fast paths: copy runs of ordinary bytes inside a field in one go.
            if state == .unquoted || state == .quoted {
                let quoted = state == .quoted
                let start = index
                while index < count {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
                    if quoted ? byte == UInt8(ascii: "\"") : byte == delimiter { break }
                    index += 1
                }
                if index > start {
                    field.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
                    previousWasCRInsideField = false
                }
                if index == count { return }
            }
            let byte = bytes[index]
            index += 1
            try step(byte, emit: emit)
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
                for byte in bom[0..<bomBytesSeen] { field.append(byte) }
                if bomBytesSeen > 0 { state = .unquoted }
                return index
            }
            bomBytesSeen += 1
            index += 1
        }
        if bomBytesSeen == 3 { atFileStart = false }
        return index
    }

    private mutating func step(_ byte: UInt8, emit: (CSVRecord) throws -> Void) throws {
        switch state {
        case .afterCR:
            state = .recordStart
            if byte == UInt8(ascii: "\n") { return }
            try step(byte, emit: emit)
        case .recordStart:
            recordLine = line
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                // A blank line: no record.
                newLine(afterCR: byte == UInt8(ascii: "\r"))
                return
            }
            state = .fieldStart
            try step(byte, emit: emit)
        case .fieldStart:
            if byte == UInt8(ascii: "\"") {
                state = .quoted
                quoteLine = line
            } else {
                state = .unquoted
                try step(byte, emit: emit)
            }
        case .unquoted:
            if byte == delimiter {
                try endField()
                state = .fieldStart
            } else if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                try endRecord(emit: emit)
                newLine(afterCR: byte == UInt8(ascii: "\r"))
            } else {
                field.append(byte)
            }
        case .quoted:
            if byte == UInt8(ascii: "\"") {
                state = .quoteInQuoted
            } else {
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                    countLineInsideField(byte)
                } else {
                    previousWasCRInsideField = false
                }
                field.append(byte)
            }
        case .quoteInQuoted:
            if byte == UInt8(ascii: "\"") {
                field.append(byte)
                state = .quoted
            } else {
                // The quote closed the field; anything other than a delimiter or line end is
                // kept as data, as spreadsheet exports expect (`"a"b` → `ab`).
                state = .unquoted
                try step(byte, emit: emit)
            }
        }
    }

    private mutating func countLineInsideField(_ byte: UInt8) {
        if byte == UInt8(ascii: "\n") && previousWasCRInsideField {
            previousWasCRInsideField = false
            return
        }
        line += 1
        previousWasCRInsideField = byte == UInt8(ascii: "\r")
    }

    private mutating func newLine(afterCR: Bool) {
        line += 1
        previousWasCRInsideField = false
        state = afterCR ? .afterCR : .recordStart
    }

    private mutating func endField() throws {
        guard let text = Self.decodeUTF8(field) else {
            throw CSVSyntaxError(reason: .invalidUTF8, line: line)
        }
        fields.append(text)
        field.removeAll(keepingCapacity: true)
        previousWasCRInsideField = false
    }

    /// UTF-8 bytes as a `String`, or `nil` if they are not valid UTF-8. Pure ASCII, the common
    /// case, takes the fast path with no validation pass of its own.
    static func decodeUTF8(_ bytes: [UInt8]) -> String? {
        let isASCII = bytes.withUnsafeBufferPointer { buffer in
            var combined: UInt8 = 0
            for byte in buffer { combined |= byte }
            return combined < 0x80
        }
        if isASCII { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    private mutating func endRecord(emit: (CSVRecord) throws -> Void) throws {
        try endField()
        let record = CSVRecord(fields: fields, line: recordLine)
        fields.removeAll(keepingCapacity: true)
        try emit(record)
    }
}
