extension String {
    /// Whether the string's UTF-8 starts with `prefix`'s bytes. `hasPrefix` compares by
    /// canonical equivalence, and `utf8.starts(with:)` a byte at a time through the generic
    /// path; links are checked this way for every reference of every product.
    public func hasBytePrefix(_ prefix: StaticString) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.hasBytePrefix(prefix) } ?? utf8.starts(with: prefix.utf8Buffer)
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether these bytes start with `prefix`'s: a plain loop over a few bytes.
    public func hasBytePrefix(_ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard self.count >= count else { return false }
        let start = prefix.utf8Start
        for index in 0..<count where self[index] != start[index] { return false }
        return true
    }
}

extension StaticString {
    fileprivate var utf8Buffer: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: utf8Start, count: utf8CodeUnitCount)
    }
}
