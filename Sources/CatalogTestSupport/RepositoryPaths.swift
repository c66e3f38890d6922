import Foundation

/// Where the repository's own files are, found from this source file, so tests read the real
/// fixtures and specs whatever the working directory.
public enum RepositoryPaths {
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func fixture(_ relative: String) -> String {
        root.appendingPathComponent("fixtures").appendingPathComponent(relative).path
    }

    public static var pipelines: URL { root.appendingPathComponent("pipelines") }

    /// `../shared/fixtures` beside the clone (CI lays it there); `nil` when absent.
    public static var sharedFixtures: URL? {
        let url = root.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The built `catalog-refresh` executable of this build configuration.
    public static var executable: URL {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("catalog-refresh"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("catalog-refresh"),
            root.appendingPathComponent(".build/debug/catalog-refresh"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[2]
    }
}
