import CZlib

/// The colour space an image file declares, read from its headers: marketplaces show images
/// as sRGB, so a file tagged with another profile (Adobe RGB, Display P3, CMYK) looks washed out
/// or wrong on the listing even though its pixels are fine.
public enum ColourSpace: Sendable, Equatable {
    /// sRGB, declared (`sRGB` chunk, an sRGB ICC profile) or undeclared, which browsers and
    /// marketplaces read as sRGB.
    case sRGB
    /// An ICC profile that is not sRGB; its description when one could be read.
    case otherProfile(String?)
    /// Four-component (CMYK or YCCK) JPEG.
    case cmyk

    public var isSRGB: Bool { self == .sRGB }

    /// "an ICC profile (Display P3)", for messages.
    public var description: String {
        switch self {
        case .sRGB: "sRGB"
        case .otherProfile(let name?): "an ICC profile (\(name))"
        case .otherProfile(nil): "an ICC profile that is not sRGB"
        case .cmyk: "CMYK"
        }
    }
}

/// Reads `ColourSpace` from PNG chunks (`sRGB`, `iCCP`) and JPEG segments (SOF component count,
/// APP2 `ICC_PROFILE`). An ICC profile counts as sRGB when its description names sRGB, which is
/// how every sRGB profile in the wild (IEC 61966-2.1, Apple's, Google's compact ones) is named.
public enum ColourSpaceSniffer {
    public static func colourSpace(of bytes: [UInt8]) -> ColourSpace {
        if let chunks = PNGXMP.chunks(bytes) { return png(bytes, chunks: chunks) }
        if let segments = JPEGXMP.segments(bytes) { return jpeg(bytes, segments: segments) }
        return .sRGB
    }

    private static func png(_ png: [UInt8], chunks: [PNGXMP.Chunk]) -> ColourSpace {
        if chunks.contains(where: { $0.type.elementsEqual("sRGB".utf8) }) { return .sRGB }
        guard let chunk = chunks.first(where: { $0.type.elementsEqual("iCCP".utf8) }) else { return .sRGB }
        // Profile name (Latin-1, NUL-terminated), compression method, zlib stream.
        let data = png[chunk.data]
        guard let nul = data.firstIndex(of: 0), nul + 2 <= data.endIndex else { return .otherProfile(nil) }
        let profile = inflate(Array(data[(nul + 2)...])) ?? []
        return profile.isEmpty ? .otherProfile(nil) : classify(profile)
    }

    private static func jpeg(_ jpeg: [UInt8], segments: [JPEGXMP.Segment]) -> ColourSpace {
        let frameMarkers = Set<UInt8>([0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF])
        if let frame = segments.first(where: { frameMarkers.contains($0.marker) }),
            frame.payload.count >= 6, jpeg[frame.payload.lowerBound + 5] == 4
        {
            return .cmyk
        }
        let header = Array("ICC_PROFILE".utf8) + [0]
        // Chunks carry a sequence number and a count after the header; in order they make the
        // profile.
        var profile: [UInt8] = []
        for segment in segments where segment.marker == 0xE2 && jpeg[segment.payload].starts(with: header) {
            let start = segment.payload.lowerBound + header.count + 2
            if start < segment.payload.upperBound { profile += jpeg[start..<segment.payload.upperBound] }
        }
        return profile.isEmpty ? .sRGB : classify(profile)
    }

    /// sRGB when the profile's text (the `desc` tag, ASCII in v2 profiles, UTF-16 in v4) names
    /// it; otherwise the description's readable start, for the message.
    static func classify(_ profile: [UInt8]) -> ColourSpace {
        let ascii = Array("sRGB".utf8)
        let utf16 = ascii.flatMap { byte -> [UInt8] in [0, byte] }
        if contains(profile, ascii) || contains(profile, utf16) { return .sRGB }
        return .otherProfile(description(profile))
    }

    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// The text of a v2 `desc` tag (`desc`, reserved, ASCII count, ASCII), found through the
    /// tag table; `nil` when the profile has none or it is not plain ASCII.
    private static func description(_ profile: [UInt8]) -> String? {
        func uint32(_ at: Int) -> Int? {
            guard at >= 0, at + 4 <= profile.count else { return nil }
            return profile[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) }
        }
        guard let tags = uint32(128), tags < 1_000 else { return nil }
        for index in 0..<tags {
            let entry = 132 + index * 12
            guard let signature = uint32(entry), let offset = uint32(entry + 4) else { return nil }
            guard signature == 0x6465_7363, let count = uint32(offset + 8), count > 1, count < 256,
                offset + 12 + count <= profile.count
            else { continue }
            let text = profile[(offset + 12)..<(offset + 12 + count - 1)]
            guard text.allSatisfy({ (0x20..<0x7F).contains($0) }) else { return nil }
            return String(decoding: text, as: UTF8.self)
        }
        return nil
    }

    /// A zlib stream, inflated up to 4 MB (no real ICC profile is larger).
    private static func inflate(_ compressed: [UInt8]) -> [UInt8]? {
        var capacity = max(compressed.count * 4, 4_096)
        while capacity <= 4 << 20 {
            var output = [UInt8](repeating: 0, count: capacity)
            var length = uLongf(capacity)
            let status = output.withUnsafeMutableBufferPointer { out in
                compressed.withUnsafeBufferPointer {
                    uncompress(out.baseAddress, &length, $0.baseAddress, uLong($0.count))
                }
            }
            if status == Z_OK { return Array(output.prefix(Int(length))) }
            guard status == Z_BUF_ERROR else { return nil }
            capacity *= 2
        }
        return nil
    }
}
