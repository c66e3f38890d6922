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
        relativeStem(for: job.outputName)
    }

    public static func relativeStem(for name: OutputName) -> String {
        var variantComponents: [String: String] = [:]
        return relativeStem(for: name, variantComponents: &variantComponents)
    }

    /// `relativeStem(for:)` with each variant's component made once: a plan names two million
    /// jobs of a handful of variants.
    static func relativeStem(for name: OutputName, variantComponents: inout [String: String]) -> String {
        guard let fileName = name.fileName, !fileName.isEmpty else {
            let variant =
                variantComponents[name.key.variantID]
                ?? {
                    let made = variantComponent(name.key.variantID)
                    variantComponents[name.key.variantID] = made
                    return made
                }()
            return "images/" + safeComponent(name.key.productID) + "/" + variant
        }
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

    /// Keeps `[A-Za-z0-9._-]`, makes every other Unicode scalar `_`, replaces a leading dot and
    /// cuts at 80; when anything changed (or `raw` is empty) appends a hash of `raw`. Byte by
    /// byte: an id that is already safe, the common case, comes back without a copy.
    public static func safeComponent(_ raw: String) -> String {
        var changed = raw.isEmpty || raw.utf8.count > maxComponentLength
        for byte in raw.utf8 where !isAllowed(byte) {
            changed = true
            break
        }
        if raw.utf8.first == UInt8(ascii: ".") { changed = true }
        guard changed else { return raw }
        var safe: [UInt8] = []
        safe.reserveCapacity(min(raw.utf8.count, maxComponentLength) + 9)
        for byte in raw.utf8 where safe.count < maxComponentLength {
            // One `_` per scalar: a UTF-8 continuation byte (10xxxxxx) adds nothing.
            if isAllowed(byte) {
                safe.append(byte)
            } else if byte < 0x80 || byte >= 0xC0 {
                safe.append(UInt8(ascii: "_"))
            }
        }
        if safe.first == UInt8(ascii: ".") { safe[0] = UInt8(ascii: "_") }
        safe.append(UInt8(ascii: "-"))
        safe += SHA256.hash(Array(raw.utf8)).hex.prefix(8).utf8
        return String(decoding: safe, as: UTF8.self)
    }

    static let maxComponentLength = 80

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }
}
