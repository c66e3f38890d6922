import Testing

@testable import CatalogModel

/// Drafted jobs' fingerprints are hashed two at a time (`JobFingerprint.Scratch.holdFingerprint`),
/// with the x86 SHA instructions where the CPU has them: each must be exactly the fingerprint
/// hashed alone, which is what every stored fingerprint was made as.
struct JobFingerprintPairTests {
    /// Prompts of every length from 0 to 400 bytes (the bytes hashed cross every block and
    /// padding boundary), each paired with prompts of other lengths and then held alone.
    @Test func pairedFingerprintsAreTheFingerprintsHashedAlone() {
        let settings = ImageSettings(model: "gpt-image-2", size: "1:1", resolution: "1K", quality: "low")
        let prefix = JobFingerprint.prefix(settings)
        var suffix: [UInt8] = []
        JobFingerprint.appendSuffix(ofLinks: ["https://cdn.example.com/p/1/0.jpg"], to: &suffix)
        var random = SeededRandom(seed: 7)
        func prompt(_ length: Int) -> [UInt8] { (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) } }
        var scratch = JobFingerprint.Scratch()
        var alone = JobFingerprint.Scratch()
        for length in 0...400 {
            let first = prompt(length)
            let second = prompt((length * 37 + 11) % 401)
            scratch.holdFingerprint(prefix: prefix, prompt: first, suffix: suffix)
            #expect(scratch.holdsFingerprint)
            let both = scratch.fingerprints(withHeldAnd: prefix, prompt: second, suffix: suffix)
            #expect(!scratch.holdsFingerprint)
            #expect(both.held == JobFingerprint(prefix: prefix, prompt: first, suffix: suffix, scratch: &alone))
            #expect(both.this == JobFingerprint(prefix: prefix, prompt: second, suffix: suffix, scratch: &alone))
            scratch.holdFingerprint(prefix: prefix, prompt: second, suffix: [])
            #expect(
                scratch.heldFingerprint() == JobFingerprint(prefix: prefix, prompt: second, suffix: [], scratch: &alone)
            )
        }
    }

    /// Where the pair cannot be used (another CPU, a failed check), the two are OpenSSL's, one
    /// after the other: the same fingerprints. Compared with the pair only where the CPU can run
    /// it (asked to on another, it stops the process).
    @Test func withoutThePairTheFingerprintsAreOpenSSLsOneAtATime() {
        var random = SeededRandom(seed: 5)
        let bytes = (0..<300).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        var hasher = SHA256.Reused()
        bytes.withUnsafeBytes { all in
            for (first, second) in [(0, 0), (55, 56), (64, 119), (300, 120)] {
                let one = UnsafeRawBufferPointer(rebasing: all[0..<first])
                let two = UnsafeRawBufferPointer(rebasing: all[(300 - second)...])
                let apart = JobFingerprint.Scratch.digests(one, two, hasher: &hasher, usesPair: false)
                if SHA256Pair.isAvailable {
                    let paired = JobFingerprint.Scratch.digests(one, two, hasher: &hasher, usesPair: true)
                    #expect(paired.0 == apart.0 && paired.1 == apart.1)
                }
                #expect(apart.0 == SHA256.hash(one).bytes.withUnsafeBytes { JobFingerprint(digest: $0) })
            }
        }
    }

    /// A fingerprint made through the pair is the one the reference construction gives: the
    /// bytes the stored fingerprints were made from.
    @Test func aPairedFingerprintIsTheStoredConstruction() {
        let settings = ImageSettings(model: "gpt-image-2", size: "2:3", resolution: "2K", quality: nil)
        let references = [ReferenceImage(link: "https://x.test/a.png", location: "https://x.test/a.png")]
        var suffix: [UInt8] = []
        JobFingerprint.appendSuffix(of: references, to: &suffix)
        var scratch = JobFingerprint.Scratch()
        scratch.holdFingerprint(prefix: JobFingerprint.prefix(settings), prompt: Array("A mug".utf8), suffix: suffix)
        let both = scratch.fingerprints(
            withHeldAnd: JobFingerprint.prefix(settings), prompt: Array("A mug on marble".utf8), suffix: suffix)
        #expect(
            both.held.hex
                == JobFingerprintStabilityTests.reference(settings: settings, prompt: "A mug", references: references))
        #expect(
            both.this.hex
                == JobFingerprintStabilityTests.reference(
                    settings: settings, prompt: "A mug on marble", references: references))
    }
}

/// The paired SHA-256 itself (`CSHA256Pair`), against OpenSSL's.
struct SHA256PairTests {
    /// On a CPU with the SHA instructions the pairs are hashed together: the check against
    /// OpenSSL before first use passed. Elsewhere nothing is asked of them.
    @Test func theSHAInstructionsAreUsedWhereTheCPUHasThem() {
        #expect(SHA256Pair.isAvailable == SHA256Pair.cpuHasSHAInstructions)
    }

    /// Every pair of lengths up to 200 bytes (the second in steps of three), random bytes.
    @Test(.enabled(if: SHA256Pair.cpuHasSHAInstructions, "this CPU has no SHA instructions"))
    func everyPairOfLengthsHashesAsOpenSSLDoes() {
        #expect(SHA256Pair.isAvailable)
        var random = SeededRandom(seed: 11)
        let bytes = (0..<400).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        var digests = [UInt8](repeating: 0, count: 64)
        var mismatches: [String] = []
        bytes.withUnsafeBytes { all in
            for first in 0...200 {
                for second in stride(from: 0, through: 200, by: 3) {
                    let one = UnsafeRawBufferPointer(rebasing: all[0..<first])
                    let two = UnsafeRawBufferPointer(rebasing: all[(400 - second)...])
                    digests.withUnsafeMutableBufferPointer { SHA256Pair.digests(one, two, into: $0) }
                    if digests != SHA256.hash(one).bytes + SHA256.hash(two).bytes {
                        mismatches.append("\(first)+\(second)")
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "lengths that hash unlike OpenSSL: \(mismatches.prefix(10))")
    }
}
