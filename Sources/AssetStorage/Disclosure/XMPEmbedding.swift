/// Puts the AI disclosure into an image file's own metadata without re-encoding it, and carries
/// it into files that are re-encoded (a PNG converted to JPEG).
public enum XMPEmbedding {
    /// `bytes` with `disclosure` in its XMP, merged into XMP the file already has. `nil` when the
    /// file's structure cannot be followed or the format has no tagging here (WebP): the caller
    /// keeps the file as it came (a paid image is never thrown away for want of a tag) and says so.
    public static func tagging(_ bytes: [UInt8], format: ImageInfo.Format, with disclosure: AIDisclosure) -> [UInt8]? {
        splicing(bytes, format: format, with: disclosure)?.applied(to: bytes)
    }

    /// `tagging` as the edit it makes, for a file read where it lies (a downloaded result,
    /// mapped): `FileAssetStorage.stage(_:at:splicing:)` applies it as it copies the file.
    public static func tagging(
        _ bytes: UnsafeRawBufferPointer, format: ImageInfo.Format, with disclosure: AIDisclosure
    ) -> ByteSplice? {
        splicing(bytes, format: format, with: disclosure)
    }

    private static func splicing<Bytes: RandomAccessCollection<UInt8>>(
        _ bytes: Bytes, format: ImageInfo.Format, with disclosure: AIDisclosure
    ) -> ByteSplice? where Bytes.Index == Int {
        switch format {
        case .png:
            guard let chunks = PNGXMP.chunks(bytes), chunks.first?.type.elementsEqual("IHDR".utf8) == true else {
                return nil
            }
            let existing = PNGXMP.packet(in: bytes, chunks: chunks)
            let packet = existing.flatMap { XMPPacket.merging(disclosure, into: $0.text) } ?? XMPPacket.new(disclosure)
            return PNGXMP.splice(packet, chunks: chunks, replacing: existing?.chunk)
        case .jpeg:
            guard let segments = JPEGXMP.segments(bytes) else { return nil }
            let existing = JPEGXMP.packet(in: bytes, segments: segments)
            let packet = existing.flatMap { XMPPacket.merging(disclosure, into: $0.text) } ?? XMPPacket.new(disclosure)
            return JPEGXMP.splice(packet, segments: segments, replacing: existing?.segment)
                ?? JPEGXMP.splice(XMPPacket.new(disclosure), segments: segments, replacing: existing?.segment)
        case .webp:
            return nil
        }
    }

    /// The XMP packet `bytes` carries, if any: what a conversion copies into its new file.
    public static func packet(in bytes: [UInt8], format: ImageInfo.Format) -> String? {
        switch format {
        case .png: PNGXMP.chunks(bytes).flatMap { PNGXMP.packet(in: bytes, chunks: $0)?.text }
        case .jpeg: JPEGXMP.segments(bytes).flatMap { JPEGXMP.packet(in: bytes, segments: $0)?.text }
        case .webp: nil
        }
    }

    /// A JPEG made from another file, given that file's packet (with our disclosure in it): the
    /// packet is carried over whole, so the disclosure and the API's metadata survive re-encoding.
    public static func carrying(_ packet: String, into jpeg: [UInt8]) -> [UInt8]? {
        guard let segments = JPEGXMP.segments(jpeg) else { return nil }
        let existing = JPEGXMP.packet(in: jpeg, segments: segments)
        return JPEGXMP.splice(packet, segments: segments, replacing: existing?.segment)?.applied(to: jpeg)
    }

    /// `bytes` as they are when they already carry our disclosure (a stored result, so an
    /// exported copy stays byte for byte the file the manifest's sha256 is of), else tagged.
    public static func disclosing(_ bytes: [UInt8], format: ImageInfo.Format, with disclosure: AIDisclosure) -> [UInt8]?
    {
        if let packet = packet(in: bytes, format: format), packet.contains(XMPPacket.ownDescriptionPrefix) {
            return bytes
        }
        return tagging(bytes, format: format, with: disclosure)
    }
}
