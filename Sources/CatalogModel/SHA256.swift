internal import CCrypto

/// SHA-256 (FIPS 180-4), streaming, through the system's libcrypto (OpenSSL's EVP digests, which
/// use the CPU's SHA instructions where it has them).
///
/// Foundation on Linux has no CryptoKit and swift-crypto would add minutes to every clean
/// build for one function; fingerprints, stored files and uploads all need exactly this.
///
/// A value like any other: a copy hashes on independently of the original (the OpenSSL context
/// is copied on the first update after a copy).
public struct SHA256: Sendable {
    private var context: DigestContext

    public init() {
        context = DigestContext()
    }

    public mutating func update(_ string: String) {
        var string = string
        string.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        if !isKnownUniquelyReferenced(&context) { context = DigestContext(copying: context) }
        context.update(base, count: bytes.count)
    }

    public consuming func finalize() -> SHA256Digest {
        if !isKnownUniquelyReferenced(&context) { context = DigestContext(copying: context) }
        return context.finalize()
    }

    public static func hash(_ bytes: [UInt8]) -> SHA256Digest {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// The digest's lower-case hex, made without an array for the digest: a plan makes one per
    /// job (`JobFingerprint`).
    public static func hex(of bytes: UnsafeRawBufferPointer) -> String {
        withDigest(of: bytes) { $0.lowercaseHex }
    }

    /// The digest's first 8 bytes, big-endian, as a signed integer: a digest short enough to
    /// store in an integer column (`Listing.digest`).
    public static func prefix64(of bytes: UnsafeRawBufferPointer) -> Int64 {
        withDigest(of: bytes) { $0.prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) } }
    }

    /// The digest of `bytes` in a temporary buffer, given to `body`.
    static func withDigest<Result>(
        of bytes: UnsafeRawBufferPointer, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digest in
            let status = EVP_Digest(
                bytes.baseAddress, bytes.count, digest.baseAddress, nil, DigestContext.algorithm, nil)
            precondition(status == 1, "EVP_Digest(SHA-256) failed")
            return body(UnsafeBufferPointer(digest))
        }
    }

    public static func hash(_ bytes: UnsafeRawBufferPointer) -> SHA256Digest {
        var digest = [UInt8](repeating: 0, count: 32)
        let status = digest.withUnsafeMutableBufferPointer { output in
            EVP_Digest(bytes.baseAddress, bytes.count, output.baseAddress, nil, DigestContext.algorithm, nil)
        }
        precondition(status == 1, "EVP_Digest(SHA-256) failed")
        return SHA256Digest(bytes: digest)
    }
}

extension SHA256 {
    /// One context for many digests, one after another: `withDigest(of:_:)` makes and frees a
    /// context per call, a tenth of the cost of hashing a fingerprint's 330 bytes. A copy makes
    /// a context of its own at its first digest, so copies may hash on different threads.
    public struct Reused: Sendable {
        private var context = DigestContext()

        public init() {}

        /// The digest of `bytes` in a temporary buffer, given to `body`.
        public mutating func withDigest<Result>(
            of bytes: UnsafeRawBufferPointer, _ body: (UnsafeBufferPointer<UInt8>) -> Result
        ) -> Result {
            if !isKnownUniquelyReferenced(&context) { context = DigestContext() }
            return context.digest(of: bytes, body)
        }
    }
}

/// One OpenSSL digest context, owned by the box and freed with it.
///
/// `@unchecked Sendable`: `SHA256` and `SHA256.Reused` write to a context only through a box
/// they hold the only reference to (they copy, or make, one of their own first), so a box shared
/// between copies, and so perhaps between threads, is only ever read.
private final class DigestContext: @unchecked Sendable {
    /// SHA-256, fetched once: `EVP_sha256()` would make every `EVP_DigestInit_ex` look the
    /// algorithm up in OpenSSL's provider tables again (every planned job hashes its fingerprint).
    nonisolated(unsafe) static let algorithm: OpaquePointer = {
        guard let algorithm = EVP_MD_fetch(nil, "SHA256", nil) else {
            fatalError("libcrypto has no SHA-256 (EVP_MD_fetch failed)")
        }
        return algorithm
    }()

    private let pointer: OpaquePointer

    init() {
        pointer = Self.newContext()
        guard EVP_DigestInit_ex(pointer, Self.algorithm, nil) == 1 else {
            fatalError("EVP_DigestInit_ex(SHA-256) failed")
        }
    }

    init(copying other: DigestContext) {
        pointer = Self.newContext()
        guard EVP_MD_CTX_copy_ex(pointer, other.pointer) == 1 else { fatalError("EVP_MD_CTX_copy_ex failed") }
    }

    deinit {
        EVP_MD_CTX_free(pointer)
    }

    func update(_ bytes: UnsafeRawPointer, count: Int) {
        guard EVP_DigestUpdate(pointer, bytes, count) == 1 else { fatalError("EVP_DigestUpdate failed") }
    }

    /// The digest of `bytes` alone, given to `body`: the context is reset first, so it may have
    /// hashed anything before.
    func digest<Result>(of bytes: UnsafeRawBufferPointer, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        guard EVP_DigestInit_ex2(pointer, Self.algorithm, nil) == 1 else {
            fatalError("EVP_DigestInit_ex2(SHA-256) failed")
        }
        if let base = bytes.baseAddress, !bytes.isEmpty { update(base, count: bytes.count) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digest in
            let status = EVP_DigestFinal_ex(pointer, digest.baseAddress, nil)
            precondition(status == 1, "EVP_DigestFinal_ex(SHA-256) failed")
            return body(UnsafeBufferPointer(digest))
        }
    }

    func finalize() -> SHA256Digest {
        var digest = [UInt8](repeating: 0, count: 32)
        let status = digest.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(pointer, $0.baseAddress, nil) }
        precondition(status == 1, "EVP_DigestFinal_ex(SHA-256) failed")
        return SHA256Digest(bytes: digest)
    }

    private static func newContext() -> OpaquePointer {
        guard let context = EVP_MD_CTX_new() else { fatalError("out of memory (EVP_MD_CTX_new)") }
        return context
    }
}

/// A SHA-256 digest.
public struct SHA256Digest: Sendable, Hashable {
    public let bytes: [UInt8]

    /// Lower-case hex, the form stored in the database and the manifest.
    public var hex: String { bytes.lowercaseHex }
}
