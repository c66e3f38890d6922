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

    private static func listed(in manifest: Manifest) -> Set<String> {
        Set(manifest.items.flatMap { [$0.path] + $0.references.map(\.preview) }.filter { !$0.isEmpty })
    }
}
