import CatalogModel
import Foundation
import JobStore

/// `AmazonMainCheck.Facts` by image sha256, kept in the store: decoding a 1,024 px PNG and
/// flooding its background takes tens of milliseconds, and the manifest is written after every
/// review decision.
struct MainImageFactsCache {
    /// Part of the key: facts measured under other constants (`PixelMeasurement`'s tolerance
    /// and white floor) are measured again, never shown as if current.
    static let version = "2"

    let store: JobStore
    let folder: String

    private func key(_ item: Manifest.Item) -> String { "v\(Self.version):\(item.sha256)" }

    func facts(for item: Manifest.Item) -> AmazonMainCheck.Facts {
        if let json = try? store.imageFacts(key: key(item)),
            let facts = try? JSONDecoder().decode(AmazonMainCheck.Facts.self, from: Data(json.utf8))
        {
            return facts
        }
        let file = URL(fileURLWithPath: folder).appendingPathComponent(item.path).path
        // A file that is gone or changed is the export's to report; the page shows it unreadable.
        guard let bytes = try? BoundedFile.read(file, limit: 100 << 20), SHA256.hash(bytes).hex == item.sha256 else {
            return AmazonMainCheck.Facts(measurement: nil, colourSpace: nil)
        }
        let facts = AmazonMainCheck.facts(of: bytes)
        if let json = try? JSONEncoder().encode(facts) {
            try? store.recordImageFacts(key: key(item), json: String(decoding: json, as: UTF8.self))
        }
        return facts
    }
}
