import CatalogModel

/// Turns untrusted product and variant ids into safe relative file paths.
///
/// Ids are data from a feed: they may contain `/`, `..`, spaces or anything else. Only
/// `[A-Za-z0-9._-]` survives, a leading dot is replaced, and when anything had to change a
/// short hash of the original is appended, so two ids never map to one file.
public enum OutputNaming {
    /// The path for a job: its `file_name` when the spec sets one (each `/`-separated segment
    /// made safe, no `..` possible), else `images/<product>/<variant ids>.<ext>`.
    public static func relativePath(for job: Job, fileExtension: String) -> String {
        relativeStem(for: job) + ".\(fileExtension)"
    }

    /// The path without its extension, which only the image downloaded decides: what two jobs
    /// must never share (`OutputPathCollision`).
    public static func relativeStem(for job: Job) -> String {
        guard let fileName = job.fileName, !fileName.isEmpty else { return defaultStem(for: job.key) }
        let segments = fileName.split(separator: "/").map { safeComponent(String($0)) }
        return "images/" + segments.joined(separator: "/")
    }

    /// The path of a job without `file_name`: `images/<product>/<variant ids>.<ext>`.
    public static func relativePath(for key: JobKey, fileExtension: String) -> String {
        defaultStem(for: key) + ".\(fileExtension)"
    }

    static func defaultStem(for key: JobKey) -> String {
        "images/\(safeComponent(key.productID))/\(variantComponent(key.variantID))"
    }

    /// `background=marble,season=winter` → `marble--winter`: the option ids in axis order (the
    /// axes are the same for every job of a spec, so the ids alone are unique).
    static func variantComponent(_ variantID: String) -> String {
        let ids = variantID.split(separator: ",").map { option in
            option.firstIndex(of: "=").map { String(option[option.index(after: $0)...]) } ?? String(option)
        }
        return safeComponent(ids.isEmpty ? "default" : ids.joined(separator: "--"))
    }

    public static func safeComponent(_ raw: String) -> String {
        var safe = String(
            raw.unicodeScalars.map { scalar -> Character in
                let allowed =
                    scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                        || "._-".unicodeScalars.contains(scalar))
                return allowed ? Character(scalar) : "_"
            })
        if safe.hasPrefix(".") { safe = "_" + safe.dropFirst() }
        if safe.count > 80 { safe = String(safe.prefix(80)) }
        if safe != raw || safe.isEmpty {
            safe += "-" + SHA256.hash(Array(raw.utf8)).hex.prefix(8)
        }
        return safe
    }
}
