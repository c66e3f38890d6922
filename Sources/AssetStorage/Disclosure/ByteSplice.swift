/// An edit of a file's bytes: `replaced` (perhaps empty) gives way to `inserted`, and every
/// other byte stays as it is. Tagging a file comes to one, so that a result on disk is tagged by
/// copying it once (`FileAssetStorage.stage(_:at:splicing:)`), never held whole in memory.
public struct ByteSplice: Sendable, Equatable {
    public var replaced: Range<Int>
    public var inserted: [UInt8]

    public init(replaced: Range<Int>, inserted: [UInt8]) {
        self.replaced = replaced
        self.inserted = inserted
    }

    public func applied(to bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count - replaced.count + inserted.count)
        out += bytes[..<replaced.lowerBound]
        out += inserted
        out += bytes[replaced.upperBound...]
        return out
    }
}
