import CatalogModel

/// Turns CSV bytes into validated products, chunk by chunk: header detection, column mapping,
/// row validation and the error budget. Drivers (`FeedFile`, an HTTP body) feed it bytes.
public struct CSVProductReader: Sendable {
    public let feedName: String
    public let options: FeedOptions
    public private(set) var report = FeedReport()

    private var parser: CSVParser?
    private var columns: ProductColumnMap?
    private var seenIDs = Set<String>()
    private var pendingHeaderBytes: [UInt8] = []

    public init(feedName: String, options: FeedOptions) {
        self.feedName = feedName
        self.options = options
        if let delimiter = options.delimiter { parser = CSVParser(delimiter: delimiter) }
    }

    public mutating func consume(_ bytes: UnsafeRawBufferPointer, emit: (Product) throws -> Void) throws {
        report.bytesRead += bytes.count
        guard var parser = parser ?? detectParser(after: bytes) else { return }
        self.parser = nil
        defer { self.parser = parser }
        if !pendingHeaderBytes.isEmpty {
            let pending = pendingHeaderBytes
            pendingHeaderBytes = []
            try pending.withUnsafeBytes { pendingBytes in
                try parseChunk(pendingBytes, with: &parser, emit: emit)
            }
            return
        }
        try parseChunk(bytes, with: &parser, emit: emit)
    }

    public mutating func finish(emit: (Product) throws -> Void) throws {
        if parser == nil && !pendingHeaderBytes.isEmpty {
            parser = CSVParser(delimiter: Self.detectDelimiter(in: pendingHeaderBytes))
            let pending = pendingHeaderBytes
            pendingHeaderBytes = []
            report.bytesRead -= pending.count
            try pending.withUnsafeBytes { try consume($0, emit: emit) }
        }
        guard var parser else { throw FeedError.empty(feed: feedName) }
        do {
            try parser.finish { try handle($0, emit: emit) }
        } catch let error as CSVSyntaxError {
            throw FeedError.syntax(feed: feedName, error)
        }
        if columns == nil { throw FeedError.empty(feed: feedName) }
        self.parser = parser
    }

    private mutating func parseChunk(
        _ bytes: UnsafeRawBufferPointer, with parser: inout CSVParser, emit: (Product) throws -> Void
    ) throws {
        do {
            try parser.consume(bytes) { try handle($0, emit: emit) }
        } catch let error as CSVSyntaxError {
            throw FeedError.syntax(feed: feedName, error)
        }
    }

    /// Buffers bytes until the header line is complete, then picks the delimiter from it.
    private mutating func detectParser(after bytes: UnsafeRawBufferPointer) -> CSVParser? {
        pendingHeaderBytes.append(contentsOf: bytes)
        guard pendingHeaderBytes.contains(UInt8(ascii: "\n")) || pendingHeaderBytes.contains(UInt8(ascii: "\r")) else {
            return nil
        }
        return CSVParser(delimiter: Self.detectDelimiter(in: pendingHeaderBytes))
    }

    /// The candidate that occurs most often outside quotes on the first line; comma on a tie.
    static func detectDelimiter(in bytes: [UInt8]) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";"), UInt8(ascii: "|")]
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if !inQuotes && (byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")) { break }
            if !inQuotes, let index = candidates.firstIndex(of: byte) { counts[index] += 1 }
        }
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[best] > 0 else {
            return candidates[0]
        }
        return counts[best] > counts[0] ? candidates[best] : candidates[0]
    }

    private mutating func handle(_ record: CSVRecord, emit: (Product) throws -> Void) throws {
        guard let columns else {
            columns = try ProductColumnMap(header: record.fields, mapping: options.mapping, feed: feedName)
            return
        }
        let product = columns.product(from: record)
        if let reason = rejection(of: product) {
            report.rejected.append(RejectedRecord(line: record.line, reason: reason))
            if report.rejected.count > options.maxInvalidRows {
                throw FeedError.tooManyInvalidRows(
                    feed: feedName, rejected: report.rejected, limit: options.maxInvalidRows)
            }
            return
        }
        seenIDs.insert(product.id)
        report.productsRead += 1
        try emit(product)
    }

    private func rejection(of product: Product) -> String? {
        if product.id.isEmpty { return "the row has no id" }
        if seenIDs.contains(product.id) { return "duplicate id `\(product.id)`" }
        if product.imageLink.isEmpty { return "product `\(product.id)` has no image link" }
        return nil
    }
}
