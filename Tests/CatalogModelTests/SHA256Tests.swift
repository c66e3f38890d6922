import CatalogTestSupport
import Testing

@testable import CatalogModel

/// The FIPS 180-4 examples (and the NIST long-message one), and the streaming API: any way of
/// splitting the input, and copies that go on hashing apart.
struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                + "mnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func knownVectors(input: String, expected: String) {
        #expect(SHA256.hash(Array(input.utf8)).hex == expected)
        var hasher = SHA256()
        hasher.update(input)
        #expect(hasher.finalize().hex == expected, "streamed as a String")
    }

    @Test func oneMillionAs() {
        #expect(
            SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)).hex
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        var hasher = SHA256()
        let thousand = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(thousand) }
        #expect(hasher.finalize().hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func incrementalUpdatesOfAnySizeMatchOneShot() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let expected = SHA256.hash(bytes).hex
        for chunk in [1, 3, 63, 64, 65, 200] {
            var hasher = SHA256()
            var index = 0
            while index < bytes.count {
                hasher.update(Array(bytes[index..<min(bytes.count, index + chunk)]))
                index += chunk
            }
            #expect(hasher.finalize().hex == expected, "chunk size \(chunk)")
        }
    }

    /// Every length around the block boundaries, split at random, through all three `update`s.
    @Test func randomSplitsMatchOneShot() {
        var random = SeededRandom(seed: 256)
        for length in [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4096, 100_003] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            var hasher = SHA256()
            var (offset, turn) = (0, 0)
            while offset < bytes.count {
                let step = min(bytes.count - offset, Int.random(in: 0...300, using: &random))
                let piece = Array(bytes[offset..<(offset + step)])
                switch turn % 3 {
                case 0: hasher.update(piece)
                case 1: piece.withUnsafeBytes { hasher.update($0) }
                default:
                    hasher.update(UnsafeRawBufferPointer(start: nil, count: 0))
                    hasher.update(piece)
                }
                (offset, turn) = (offset + step, turn + 1)
            }
            #expect(hasher.finalize() == SHA256.hash(bytes), "length \(length)")
        }
    }

    /// A hasher is a value: a copy taken midway goes on from the same state without disturbing
    /// the original, whichever of the two is updated or finished first.
    @Test func copiesHashApart() {
        var original = SHA256()
        original.update("abc")
        let copy = original
        var second = original
        original.update("def")
        second.update("xyz")
        #expect(copy.finalize() == SHA256.hash(Array("abc".utf8)))
        #expect(original.finalize() == SHA256.hash(Array("abcdef".utf8)))
        #expect(second.finalize() == SHA256.hash(Array("abcxyz".utf8)))
    }

    @Test func copiesAreIndependentAcrossTasks() async {
        var prefix = SHA256()
        prefix.update("shared prefix ")
        let base = prefix
        let digests = await withTaskGroup(of: (Int, SHA256Digest).self) { group in
            for index in 0..<8 {
                group.addTask {
                    var hasher = base
                    hasher.update("\(index)")
                    return (index, hasher.finalize())
                }
            }
            return await group.reduce(into: [Int: SHA256Digest]()) { $0[$1.0] = $1.1 }
        }
        for index in 0..<8 {
            #expect(digests[index] == SHA256.hash(Array("shared prefix \(index)".utf8)))
        }
    }
}
