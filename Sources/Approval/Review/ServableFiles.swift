import Synchronization

/// The files the review server may serve: the images and copied references of the last
/// manifest it built, nothing else in the output folder (not the database, not the manifest
/// files, not a path a request makes up).
final class ServableFiles: Sendable {
    private let paths: Mutex<Set<String>>

    init(_ manifest: Manifest) {
        paths = Mutex(Self.listed(in: manifest))
    }

    func update(_ manifest: Manifest) {
        let listed = Self.listed(in: manifest)
        paths.withLock { $0 = listed }
    }

    func contains(_ path: String) -> Bool {
        paths.withLock { $0.contains(path) }
    }

    /// A file of the review page's data (`review-data/<16 hex>/pending-0001.js`): what a page
    /// too large to hold every item loads. Only names of that shape, never another path.
    static func isReviewData(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "review-data", parts[1].count == 16,
            parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase })
        else { return false }
        let file = parts[2]
        for prefix in ["pending-", "decided-"] where file.hasPrefix(prefix) && file.hasSuffix(".js") {
            let number = file.dropFirst(prefix.count).dropLast(3)
            return number.count >= 4 && number.allSatisfy { $0.isASCII && $0.isNumber }
        }
        return false
    }

    private static func listed(in manifest: Manifest) -> Set<String> {
        Set(manifest.items.flatMap { [$0.path] + $0.references.map(\.preview) }.filter { !$0.isEmpty })
    }
}
