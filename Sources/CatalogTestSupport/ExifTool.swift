import Foundation

/// exiftool (Debian's libimage-exiftool-perl, installed by `.ci/run`): an independent reader of
/// the metadata the project writes into image files, so tests do not only ask our own parser.
public enum ExifTool {
    public static let path = "/usr/bin/exiftool"

    public struct Missing: Error, CustomStringConvertible {
        public var description: String {
            "exiftool is not installed: `apt-get install -y libimage-exiftool-perl` (.ci/run does)"
        }
    }

    /// `tag` → value for each of `tags` exiftool finds in `file` (e.g. `XMP-iptcExt:DigitalSourceType`),
    /// read as JSON with group names, so a value is never confused with another group's tag.
    public static func read(_ tags: [String], in file: String) async throws -> [String: String] {
        guard FileManager.default.isExecutableFile(atPath: path) else { throw Missing() }
        let result = try await ProcessRunner.run(
            URL(fileURLWithPath: path), ["-json", "-G1", "-n"] + tags.map { "-" + $0 } + [file])
        guard result.exitCode == 0,
            let objects = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]],
            let object = objects.first
        else { return [:] }
        var values: [String: String] = [:]
        for (key, value) in object where key != "SourceFile" { values[key] = "\(value)" }
        return values
    }
}
