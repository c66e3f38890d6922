internal import CSHA256Pair

extension JobFingerprint.Scratch {
    /// Holds the bytes of a fingerprint to be hashed together with the next one
    /// (`fingerprints(withHeldAnd:prompt:suffix:)`): two messages hashed at once with the x86
    /// SHA instructions, their rounds interleaved, take 0.093 s per 600,000 fingerprints of 340
    /// bytes against OpenSSL's 0.135 s one at a time (`CSHA256Pair`), a sixth of a plan's work.
    /// Only one is held at a time.
    public mutating func holdFingerprint(
        prefix: borrowing [UInt8], prompt: borrowing [UInt8], suffix: borrowing [UInt8]
    ) {
        precondition(heldCount == nil, "a fingerprint is held already")
        heldCount = JobFingerprint.gather(prefix: prefix, prompt: prompt, suffix: suffix, into: &heldBytes)
    }

    /// Whether a fingerprint is held (`holdFingerprint`).
    public var holdsFingerprint: Bool { heldCount != nil }

    /// The held fingerprint and the one of `prefix`, `prompt` and `suffix`, hashed together.
    public mutating func fingerprints(
        withHeldAnd prefix: borrowing [UInt8], prompt: borrowing [UInt8], suffix: borrowing [UInt8]
    ) -> (held: JobFingerprint, this: JobFingerprint) {
        guard let heldCount else { preconditionFailure("no fingerprint is held") }
        self.heldCount = nil
        let count = JobFingerprint.gather(prefix: prefix, prompt: prompt, suffix: suffix, into: &bytes)
        return heldBytes.withUnsafeBytes { held in
            bytes.withUnsafeBytes { this in
                Self.digests(
                    UnsafeRawBufferPointer(rebasing: held[..<heldCount]),
                    UnsafeRawBufferPointer(rebasing: this[..<count]),
                    hasher: &hasher)
            }
        }
    }

    /// The held fingerprint, hashed alone: the last job of a product with an odd number of them.
    public mutating func heldFingerprint() -> JobFingerprint {
        guard let heldCount else { preconditionFailure("no fingerprint is held") }
        self.heldCount = nil
        return heldBytes.withUnsafeBytes { held in
            hasher.withDigest(of: UnsafeRawBufferPointer(rebasing: held[..<heldCount])) {
                JobFingerprint(digest: UnsafeRawBufferPointer($0))
            }
        }
    }

    /// The two digests, together where the CPU has the SHA instructions (`usesPair`), else one
    /// at a time (a test asks for that path on any CPU).
    static func digests(
        _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer, hasher: inout SHA256.Reused,
        usesPair: Bool = SHA256Pair.isAvailable
    ) -> (JobFingerprint, JobFingerprint) {
        guard usesPair else {
            let one = hasher.withDigest(of: first) { JobFingerprint(digest: UnsafeRawBufferPointer($0)) }
            let two = hasher.withDigest(of: second) { JobFingerprint(digest: UnsafeRawBufferPointer($0)) }
            return (one, two)
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { digests in
            SHA256Pair.digests(first, second, into: digests)
            let raw = UnsafeRawBufferPointer(digests)
            return (
                JobFingerprint(digest: UnsafeRawBufferPointer(rebasing: raw[..<32])),
                JobFingerprint(digest: UnsafeRawBufferPointer(rebasing: raw[32...]))
            )
        }
    }
}

/// Two SHA-256 digests at once, with the x86 SHA instructions (`CSHA256Pair`), where the CPU
/// has them. Checked against OpenSSL once, before first use: a CPU or build that hashed
/// differently would change every fingerprint, and every job would be paid for again. On a
/// mismatch it is not used, and the digests are OpenSSL's.
enum SHA256Pair {
    /// Whether the CPU has the SHA instructions (and SSSE3 and SSE4.1).
    static var cpuHasSHAInstructions: Bool { csha256pair_is_available() != 0 }

    static let isAvailable: Bool = {
        guard cpuHasSHAInstructions else { return false }
        // Lengths around the block and padding boundaries, bytes of every value.
        let message = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 167 &+ 13) }
        for (first, second) in [(0, 0), (55, 56), (63, 64), (119, 120), (300, 1), (128, 191)] {
            let matches = message.withUnsafeBytes { bytes in
                let one = UnsafeRawBufferPointer(rebasing: bytes[..<first])
                let two = UnsafeRawBufferPointer(rebasing: bytes[(300 - second)...])
                let ours = [UInt8](unsafeUninitializedCapacity: 64) { digests, count in
                    hash(one, two, into: digests)
                    count = 64
                }
                return ours == SHA256.hash(one).bytes + SHA256.hash(two).bytes
            }
            guard matches else { return false }
        }
        return true
    }()

    static func digests(
        _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer,
        into digests: UnsafeMutableBufferPointer<UInt8>
    ) {
        precondition(isAvailable, "the paired digests need the SHA instructions")
        hash(first, second, into: digests)
    }

    /// The C call, unchecked: `isAvailable`'s check runs it before anything else may.
    private static func hash(
        _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer,
        into digests: UnsafeMutableBufferPointer<UInt8>
    ) {
        precondition(digests.count >= 64, "two digests need 64 bytes")
        csha256pair_digests(
            first.baseAddress?.assumingMemoryBound(to: UInt8.self), first.count,
            second.baseAddress?.assumingMemoryBound(to: UInt8.self), second.count, digests.baseAddress,
            digests.baseAddress?.advanced(by: 32))
    }
}
