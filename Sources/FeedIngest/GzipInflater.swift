import CZlib

/// Streaming gzip (and zlib) decompression, chunk in, chunks out, including files made of
/// several gzip members. Memory stays at one output buffer.
final class GzipInflater {
    private var stream = z_stream()
    private var finished = false
    private var output = [UInt8](repeating: 0, count: 1 << 16)

    init() throws(FeedError) {
        // 15 + 32: any window size, gzip or zlib header detected automatically.
        let status = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw FeedError.compression(feed: "", reason: "zlib could not start (\(status))") }
    }

    deinit {
        inflateEnd(&stream)
    }

    /// Inflates `input`, handing each piece of output to `body`.
    func inflate(_ input: UnsafeRawBufferPointer, feed: String, body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard var next = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        var remaining = input.count
        while remaining > 0 {
            if finished {
                // Another gzip member follows the last one.
                inflateReset(&stream)
                finished = false
            }
            stream.next_in = UnsafeMutablePointer(mutating: next)
            stream.avail_in = UInt32(remaining)
            repeat {
                let status = try output.withUnsafeMutableBytes { buffer -> Int32 in
                    stream.next_out = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
                    stream.avail_out = UInt32(buffer.count)
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                        let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                        throw FeedError.compression(feed: feed, reason: message)
                    }
                    return status
                }
                let produced = output.count - Int(stream.avail_out)
                if produced > 0 {
                    try output.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }
                }
                if status == Z_STREAM_END {
                    finished = true
                    break
                }
                if status == Z_BUF_ERROR && produced == 0 { break }
            } while stream.avail_out == 0 || stream.avail_in > 0
            let consumed = remaining - Int(stream.avail_in)
            next += consumed
            remaining -= consumed
            if consumed == 0 && !finished { break }
        }
    }

    /// Throws if the stream ended in the middle of a member.
    func finish(feed: String) throws {
        if !finished && stream.total_in > 0 {
            throw FeedError.compression(
                feed: feed, reason: "the file ends in the middle of the compressed data (truncated download?)")
        }
    }
}
