extension String {
    /// `body` given the string's UTF-8, read in place for a native string (a small one included).
    /// `withUTF8` is mutating: called on a copy (`var text = self`), it retained and released the
    /// string, once for every link and id of a million-row feed. Only a string that is not
    /// native (bridged, lazily decoded) is copied to contiguous bytes first.
    ///
    /// Inlinable: called from other modules on hot paths (every link, every prompt field), a
    /// generic left unspecialised across the module boundary made a 300k plan 15% slower.
    @inlinable
    public func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
