import CatalogTestSupport
import Testing

@testable import CatalogModel

struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func knownVectors(input: String, expected: String) {
        #expect(SHA256.hash(Array(input.utf8)).hex == expected)
    }

    @Test func oneMillionAs() {
        #expect(
            SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)).hex
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
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
}

/// The SHA-extension rounds (used when the CPU has them) and the portable ones agree on every
/// length around the block boundaries and on any way of splitting the input.
struct SHA256AccelerationTests {
    @Test func acceleratedAndPortableRoundsAgree() {
        var random = SeededRandom(seed: 256)
        for length in [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4096, 100_003] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            var accelerated = SHA256()
            var portable = SHA256(useExtensions: false)
            var offset = 0
            while offset < bytes.count {
                let step = min(bytes.count - offset, Int.random(in: 1...300, using: &random))
                accelerated.update(Array(bytes[offset..<(offset + step)]))
                portable.update(Array(bytes[offset..<(offset + step)]))
                offset += step
            }
            #expect(accelerated.finalize() == portable.finalize(), "length \(length)")
            #expect(SHA256.hash(bytes) == SHA256.hashPortably(bytes), "length \(length) in one piece")
        }
    }
}

extension SHA256 {
    fileprivate static func hashPortably(_ bytes: [UInt8]) -> SHA256Digest {
        var hasher = SHA256(useExtensions: false)
        hasher.update(bytes)
        return hasher.finalize()
    }
}
