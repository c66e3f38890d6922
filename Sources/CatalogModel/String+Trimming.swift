extension String {
    /// Without leading and trailing whitespace. Returns `self` untouched (no allocation) in the
    /// common case of a value with none, which matters on a million-row feed; needs no
    /// Foundation.
    public func trimmingSurroundingWhitespace() -> String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return self }
        // Every ASCII character `Character.isWhitespace` holds for: space, tab, LF, VT, FF, CR.
        func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        if !isASCIISpace(first) && !isASCIISpace(last) && first < 0x80 && last < 0x80 { return self }
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}
