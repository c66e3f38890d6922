/// The one place the tool's version is written. `--version` prints it, `report.json` and the
/// manifest record it, and the API sees it in the User-Agent, so a folder's files and a support
/// request can always be matched with the build that made them. Raise it with each release and
/// say it in the README's "Command line" section.
public enum CatalogRefreshVersion {
    public static let current = "0.1.0"

    /// What the manifest and `report.json` record as their `provenance`: which tool, which version.
    public static let provenance = Provenance(tool: "catalog-refresh", version: current)

    /// The tool that wrote a file.
    public struct Provenance: Sendable, Codable, Equatable {
        public var tool: String
        public var version: String

        public init(tool: String, version: String) {
            self.tool = tool
            self.version = version
        }
    }
}
