import PipelineSpec

/// A `--product` or `--variant` of `approve`/`reject` that names nothing the manifest has an
/// image for. It is an error (exit 3) that names what there is, never "nothing to approve": a
/// typo must not read as work already done.
struct UnmatchedSelection: Error, Equatable, CustomStringConvertible {
    /// The option as given: `--variant bg=cabin`.
    var option: String
    /// What is missing: "the manifest has no variant axis `bg`".
    var problem: String
    /// What the names in `known` are: "its variant axes are".
    var knownAs: String
    var known: [String]
    var suggestion: String?

    /// How many of `known` are listed; the rest are counted (manifest.csv has them all).
    static let listed = 10

    var description: String {
        var text = "\(option): \(problem) (\(knownAs) " + known.prefix(Self.listed).joined(separator: ", ")
        if known.count > Self.listed { text += " … and \(known.count - Self.listed) more; manifest.csv lists them all" }
        text += ")"
        if let suggestion { text += "; did you mean `\(suggestion)`?" }
        return text
    }

    static func products(_ names: [String], known: [String]) -> UnmatchedSelection {
        UnmatchedSelection(
            option: names.map { "--product \($0)" }.joined(separator: " "),
            problem: "no generated image for product " + names.map { "`\($0)`" }.joined(separator: ", "),
            knownAs: "the manifest's \(known.count) \(known.count == 1 ? "product is" : "products are")", known: known,
            suggestion: names.count == 1 ? names.first.flatMap { closestMatch(to: $0, in: known) } : nil)
    }

    static func axis(_ axis: String, option: String, known: [String]) -> UnmatchedSelection {
        UnmatchedSelection(
            option: "--variant \(option)", problem: "the manifest has no variant axis `\(axis)`",
            knownAs: known.count == 1 ? "its variant axis is" : "its variant axes are", known: known,
            suggestion: closestMatch(to: axis, in: known))
    }

    static func variant(axis: String, id: String, known: [String]) -> UnmatchedSelection {
        UnmatchedSelection(
            option: "--variant \(axis)=\(id)", problem: "no generated image has \(axis) `\(id)`",
            knownAs: "the manifest's \(axis) options are", known: known, suggestion: closestMatch(to: id, in: known))
    }
}
