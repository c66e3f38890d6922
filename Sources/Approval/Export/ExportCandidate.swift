import AssetStorage
import CatalogModel
import Foundation

/// An approved item whose file was found, matched its manifest hash and was sniffed: what the
/// format writers work from, so none of them trusts the manifest's format or dimensions.
struct ExportCandidate: Sendable {
    enum Loaded {
        case candidate(ExportCandidate)
        case violation(ExportViolation)
    }

    var item: Manifest.Item
    /// Absolute path of the image file.
    var file: String
    var info: ImageInfo
    var bytes: Int

    /// Reads, hashes and sniffs the item's file; a violation when any of that fails. The
    /// bytes are dropped afterwards, so memory does not grow with the size of the export.
    static func load(_ item: Manifest.Item, outputFolder: String) -> Loaded {
        let components = item.path.split(separator: "/", omittingEmptySubsequences: false)
        guard !item.path.isEmpty, !item.path.hasPrefix("/"), !components.contains(".."), !item.path.contains("\0")
        else { return .violation(.unsafePath(item)) }
        let file = URL(fileURLWithPath: outputFolder).appendingPathComponent(item.path).path
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? "no such file"
            return .violation(.fileMissing(item, reason: reason))
        }
        let bytes = [UInt8](data)
        guard SHA256.hash(bytes).hex == item.sha256.lowercased() else { return .violation(.fileChanged(item)) }
        guard let info = ImageSniffer.sniff(bytes) else { return .violation(.unreadableImage(item)) }
        return .candidate(ExportCandidate(item: item, file: file, info: info, bytes: bytes.count))
    }
}
