import CatalogModel
import Yams

extension SpecLoader {
    /// `variants`: each key an axis with a list of entries (`id` plus text fields, optionally
    /// `only:` a condition and `image:` overrides); the reserved key `exclude` lists
    /// combinations never to generate.
    static func readVariants(
        _ node: Node, baseImage: ImageSettings, reader: inout SpecNodeReader
    ) -> ([PipelineSpec.VariantAxis], [[String: String]]) {
        guard case .mapping(let mapping) = node else {
            reader.report(
                .expected(
                    "a mapping of axis names to lists", for: "variants", found: node, at: reader.location(of: node)))
            return ([], [])
        }
        var axes: [PipelineSpec.VariantAxis] = []
        var excludeNode: Node?
        for (keyNode, value) in mapping {
            guard let axis = keyNode.string else { continue }
            if axis == "exclude" {
                excludeNode = value
                continue
            }
            if let read = readAxis(axis, keyNode: keyNode, value, baseImage: baseImage, reader: &reader) {
                axes.append(read)
            }
        }
        let exclusions = excludeNode.map { readExclusions($0, axes: axes, reader: &reader) } ?? []
        return (axes, exclusions)
    }

    private static func readAxis(
        _ axis: String, keyNode: Node, _ value: Node, baseImage: ImageSettings, reader: inout SpecNodeReader
    ) -> PipelineSpec.VariantAxis? {
        if let problem = variantNameProblem(axis) {
            reader.report(
                .error("variant axis `\(axis.escapingControlCharacters)` \(problem)", at: reader.location(of: keyNode)))
        }
        guard let entries = reader.sequence(value, path: "variants.\(axis)") else { return nil }
        guard !entries.isEmpty else {
            reader.report(.error("variant axis `\(axis)` has no entries", at: reader.location(of: keyNode)))
            return nil
        }
        var result = PipelineSpec.VariantAxis(name: axis, options: [], commonFields: [])
        var seen = Set<String>()
        for entry in entries {
            let path = "variants.\(axis)[]"
            guard let fields = reader.mapping(entry, path: path, allowed: []) else { continue }
            var values: [String: String] = [:]
            for (field, fieldNode) in fields where field != "only" && field != "image" {
                values[field] = reader.string(fieldNode, path: "\(path).\(field)")
            }
            guard let id = values["id"], !id.isEmpty else {
                reader.report(.error("every entry of `variants.\(axis)` needs an `id`", at: reader.location(of: entry)))
                continue
            }
            if let problem = variantNameProblem(id) {
                reader.report(
                    .error(
                        "variant id `\(id.escapingControlCharacters)` in `variants.\(axis)` \(problem)",
                        at: reader.location(of: entry)))
            }
            if !seen.insert(id).inserted {
                reader.report(.error("duplicate id `\(id)` in `variants.\(axis)`", at: reader.location(of: entry)))
            }
            if let only = fields["only"], let condition = readCondition(only, path: "\(path).only", reader: &reader) {
                result.restrictions[id] = condition
            }
            if let image = fields["image"],
                let settings = readImage(image, path: "\(path).image", base: baseImage, reader: &reader)
            {
                result.imageOverrides[id] = settings
            }
            result.options.append(VariantOption(axis: axis, id: id, fields: values))
        }
        result.commonFields = result.options.dropFirst().reduce(Set(result.options.first?.fields.keys.map { $0 } ?? []))
        {
            $0.intersection($1.fields.keys)
        }
        return result
    }

    private static func readExclusions(
        _ node: Node, axes: [PipelineSpec.VariantAxis], reader: inout SpecNodeReader
    ) -> [[String: String]] {
        guard let items = reader.sequence(node, path: "variants.exclude") else { return [] }
        var exclusions: [[String: String]] = []
        for item in items {
            guard let entries = reader.mapping(item, path: "variants.exclude[]", allowed: axes.map(\.name)) else {
                continue
            }
            var exclusion: [String: String] = [:]
            for (axis, idNode) in entries {
                guard let id = reader.string(idNode, path: "variants.exclude[].\(axis)") else { continue }
                let known = axes.first { $0.name == axis }?.options.map(\.id) ?? []
                guard known.contains(id) else {
                    let suggestion =
                        closestMatch(to: id, in: known).map { "did you mean `\($0)`?" }
                        ?? "`\(axis)` has: \(known.joined(separator: ", "))"
                    reader.report(
                        .error(
                            "unknown `\(axis)` entry `\(id)` in `variants.exclude`", at: reader.location(of: idNode),
                            suggestion: suggestion))
                    continue
                }
                exclusion[axis] = id
            }
            if !exclusion.isEmpty { exclusions.append(exclusion) }
        }
        return exclusions
    }

    /// Axis names and option ids make up a job's variant id (`background=marble,season=winter`),
    /// its file name and its log lines: `,` and `=` would make that id ambiguous, a control
    /// character would act on a terminal.
    static func variantNameProblem(_ name: String) -> String? {
        if name.containsControlCharacter { return "has a control character, which no axis or id may have" }
        if name.contains(",") || name.contains("=") { return "has `,` or `=`, which join axes and ids in a variant id" }
        return nil
    }
}
