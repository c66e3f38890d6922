import CatalogModel

/// Turns CSV bytes into validated products, chunk by chunk: delimiter detection, comment rows
/// before the header (Meta), profile detection (Shopify or columns named after Google
/// attributes), row validation and the error budget.
public struct CSVProductReader {
    public let feedName: String
    public let options: FeedOptions
    public var report: FeedReport { validator.report }

    private var parser: CSVParser?
    /// Set once the header is read: exactly one of the two. Kept as two optionals rather than an
    /// enum so the folder mutates in place (an enum payload is copied out and back per row).
    private var columns: ProductColumnMap?
    private var shopify: ShopifyProductFolder?
    private var validator: ProductValidator
    private var pendingHeaderBytes: [UInt8] = []

    public init(feedName: String, options: FeedOptions) {
        self.feedName = feedName
        self.options = options
        self.validator = ProductValidator(feedName: feedName, options: options)
        if let delimiter = options.delimiter { parser = CSVParser(delimiter: delimiter) }
    }

    public mutating func consume(_ bytes: UnsafeRawBufferPointer, emit: (consuming Product) throws -> Void) throws {
        validator.addBytes(bytes.count)
        try parse(bytes, emit: emit)
    }

    public mutating func finish(emit: (consuming Product) throws -> Void) throws {
        if parser == nil && !pendingHeaderBytes.isEmpty {
            parser = CSVParser(delimiter: Self.detectDelimiter(in: pendingHeaderBytes))
            let pending = pendingHeaderBytes
            pendingHeaderBytes = []
            try pending.withUnsafeBytes { try parse($0, emit: emit) }
        }
        guard var parser else { throw FeedError.empty(feed: feedName) }
        do {
            try parser.finish { try handle($0, emit: emit) }
        } catch let error as CSVSyntaxError {
            throw FeedError.syntax(feed: feedName, error)
        }
        self.parser = parser
        guard columns != nil || shopify != nil else { throw FeedError.empty(feed: feedName) }
        try shopify?.flush(into: &validator, emit: emit)
        try validator.enforceFinalBudget()
    }

    private mutating func parse(_ bytes: UnsafeRawBufferPointer, emit: (consuming Product) throws -> Void) throws {
        guard var parser = parser ?? detectParser(after: bytes) else { return }
        self.parser = nil
        defer { self.parser = parser }
        do {
            if pendingHeaderBytes.isEmpty {
                try parser.consume(bytes) { try handle($0, emit: emit) }
            } else {
                let pending = pendingHeaderBytes
                pendingHeaderBytes = []
                try pending.withUnsafeBytes { pendingBytes in
                    try parser.consume(pendingBytes) { try handle($0, emit: emit) }
                }
            }
        } catch let error as CSVSyntaxError {
            throw FeedError.syntax(feed: feedName, error)
        }
    }

    /// Buffers bytes until the header line is complete, then picks the delimiter from it.
    private mutating func detectParser(after bytes: UnsafeRawBufferPointer) -> CSVParser? {
        pendingHeaderBytes.append(contentsOf: bytes)
        guard
            Self.headerLineStart(in: pendingHeaderBytes, requireComplete: true) != nil
                || pendingHeaderBytes.count > 1 << 20
        else { return nil }
        return CSVParser(delimiter: Self.detectDelimiter(in: pendingHeaderBytes))
    }

    /// Where the header line starts: after a BOM and any `#` comment lines (Meta). With
    /// `requireComplete`, `nil` until that line's end has arrived.
    static func headerLineStart(in bytes: [UInt8], requireComplete: Bool = false) -> Int? {
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < bytes.count {
            var end = start
            var inQuotes = false
            while end < bytes.count {
                let byte = bytes[end]
                if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
                if !inQuotes && (byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")) { break }
                end += 1
            }
            let complete = end < bytes.count
            if bytes[start] != UInt8(ascii: "#") { return complete || !requireComplete ? start : nil }
            guard complete else { return nil }
            start = end + 1
            while start < bytes.count && (bytes[start] == UInt8(ascii: "\n") || bytes[start] == UInt8(ascii: "\r")) {
                start += 1
            }
        }
        return requireComplete ? nil : start
    }

    /// The candidate that occurs most often outside quotes on the header line; comma on a tie.
    static func detectDelimiter(in bytes: [UInt8]) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";"), UInt8(ascii: "|")]
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        for byte in bytes[(headerLineStart(in: bytes) ?? 0)...] {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if !inQuotes && (byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")) { break }
            if !inQuotes, let index = candidates.firstIndex(of: byte) { counts[index] += 1 }
        }
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[best] > 0 else {
            return candidates[0]
        }
        return counts[best] > counts[0] ? candidates[best] : candidates[0]
    }

    private mutating func handle(_ record: CSVRecord, emit: (consuming Product) throws -> Void) throws {
        if let columns {
            try validator.check(columns.product(from: record), line: record.line, emit: emit)
            try validator.enforceBudget()
        } else if shopify != nil {
            try shopify?.add(record, into: &validator, emit: emit)
        } else if record.firstByte(0) != UInt8(ascii: "#") {
            // (Meta's templates put `# Required | …` comment rows before the header.)
            try readHeader(record.fields, line: record.line)
        }
    }

    private mutating func readHeader(_ header: [String], line: Int) throws {
        let wantsShopify = options.profile == .shopify || options.profile == .auto
        if wantsShopify, let folder = ShopifyProductFolder(header: header) {
            validator.setProfile(.shopify)
            validator.setAttributeNames(folder.attributeNames)
            shopify = folder
            return
        }
        if options.profile == .shopify {
            throw FeedError.unrecognised(
                feed: feedName, reason: "not a Shopify product CSV: no `Handle` and `Image Src` columns")
        }
        if options.profile == .genericXML {
            throw FeedError.unrecognised(feed: feedName, reason: "the spec says generic-xml but the feed is not XML")
        }
        validator.setProfile(options.profile == .auto ? .genericCSV : options.profile)
        let columns = try ProductColumnMap(header: header, line: line, mapping: options.mapping, feed: feedName)
        validator.setAttributeNames(columns.attributeNames)
        self.columns = columns
    }
}
