import CatalogModel

/// The front door of ingestion: bytes of any feed in, validated products out, chunk by chunk.
///
/// It decompresses gzip (by its magic bytes, whatever the file name or HTTP headers say),
/// decides between XML and CSV from the first non-blank byte, transcodes declared single-byte
/// CSV encodings to UTF-8, and hands the stream to the CSV or XML reader, which detect the
/// profile. Memory is bounded by the longest record, not the feed.
public final class FeedReader {
    private enum Stage {
        case undecided([UInt8])
        case csv(CSVProductReader, TextTranscoder?)
        case xml(XMLProductReader)
    }

    public let feedName: String
    public let options: FeedOptions
    private var compressionChecked = false
    private var pendingMagic: [UInt8] = []
    private var inflater: GzipInflater?
    private var stage: Stage = .undecided([])
    private var bytesRead = 0

    public init(feedName: String, options: FeedOptions) {
        self.feedName = feedName
        self.options = options
    }

    public var report: FeedReport {
        var report: FeedReport
        switch stage {
        case .undecided: report = FeedReport()
        case .csv(let reader, _): report = reader.report
        case .xml(let reader): report = reader.report
        }
        report.bytesRead = bytesRead
        return report
    }

    public func consume(_ bytes: UnsafeRawBufferPointer, emit: (consuming Product) throws -> Void) throws {
        bytesRead += bytes.count
        guard compressionChecked else {
            pendingMagic.append(contentsOf: bytes)
            guard pendingMagic.count >= 2 else { return }
            compressionChecked = true
            if pendingMagic[0] == 0x1F && pendingMagic[1] == 0x8B { inflater = try GzipInflater() }
            let pending = pendingMagic
            pendingMagic = []
            try pending.withUnsafeBytes { try decompress($0, emit: emit) }
            return
        }
        try decompress(bytes, emit: emit)
    }

    public func finish(emit: (consuming Product) throws -> Void) throws {
        if !compressionChecked {
            compressionChecked = true
            let pending = pendingMagic
            pendingMagic = []
            try pending.withUnsafeBytes { try decompress($0, emit: emit) }
        }
        try inflater?.finish(feed: feedName)
        switch stage {
        case .undecided(let pending):
            guard !pending.isEmpty else { throw FeedError.empty(feed: feedName) }
            try decide(from: pending, final: true)
            try pending.withUnsafeBytes { try route($0, emit: emit) }
            try finish(emit: emit)
        case .csv(var reader, _):
            stage = .undecided([])
            defer { stage = .csv(reader, nil) }
            try reader.finish(emit: emit)
        case .xml(let reader):
            try reader.finish(emit: emit)
        }
    }

    private func decompress(_ bytes: UnsafeRawBufferPointer, emit: (consuming Product) throws -> Void) throws {
        guard let inflater else { return try route(bytes, emit: emit) }
        try inflater.inflate(bytes, feed: feedName) { try route($0, emit: emit) }
    }

    private func route(_ bytes: UnsafeRawBufferPointer, emit: (consuming Product) throws -> Void) throws {
        switch stage {
        case .undecided(var pending):
            pending.append(contentsOf: bytes)
            guard try decide(from: pending, final: false) else {
                stage = .undecided(pending)
                return
            }
            try pending.withUnsafeBytes { try route($0, emit: emit) }
        case .csv(var reader, var transcoder):
            // Take the reader out of `stage` first, or mutating it would copy its state (the
            // set of ids seen so far) on every chunk.
            stage = .undecided([])
            defer { stage = .csv(reader, transcoder) }
            if transcoder != nil {
                try transcoder?.transcode(bytes) { try reader.consume($0, emit: emit) }
            } else {
                try reader.consume(bytes, emit: emit)
            }
        case .xml(let reader):
            try reader.consume(bytes, emit: emit)
        }
    }

    /// Picks XML or CSV once a non-blank byte (after any BOM) has arrived.
    @discardableResult
    private func decide(from bytes: [UInt8], final: Bool) throws -> Bool {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        guard index < bytes.count || final else { return false }
        let isXML = index < bytes.count && bytes[index] == UInt8(ascii: "<")
        if isXML && options.profile != .shopify && options.profile != .meta && options.profile != .genericCSV {
            stage = .xml(XMLProductReader(feedName: feedName, options: options))
        } else {
            let transcoder = options.encoding == .utf8 ? nil : TextTranscoder(encoding: options.encoding)
            stage = .csv(CSVProductReader(feedName: feedName, options: options), transcoder)
        }
        return true
    }
}
