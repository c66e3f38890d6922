import CatalogModel
import Yams

extension SpecLoader {
    /// The names a template rendered per product × variant may use: every product field and
    /// the fields every entry of an axis has (`background.id`, `background.text`…). One list
    /// for the prompt and `exports.shopify.alt`, so a name valid in one is valid in the other.
    static func productAndVariantNames(axes: [PipelineSpec.VariantAxis]) -> [String] {
        Product.Field.allCases.map(\.rawValue)
            + axes.flatMap { axis in axis.commonFields.sorted().map { "\(axis.name).\($0)" } }
    }

    /// The template written at `node` (the value of `key`), with syntax errors reported at the
    /// value and unknown names at their tag; `attributes.X` names are left for the feed check.
    static func readTemplate(
        _ node: Node, key: String, known: [String], reader: inout SpecNodeReader
    ) -> PromptTemplate? {
        guard let text = reader.string(node, path: key) else { return nil }
        let template: PromptTemplate
        do {
            template = try PromptTemplate(text)
        } catch {
            reader.report(.error("\(key): \(error.message)", at: reader.location(of: node)))
            return nil
        }
        let place = key == "prompt" ? "prompt" : "`\(key)`"
        for name in template.names where !known.contains(name) && !name.hasPrefix("attributes.") {
            reader.report(
                .unknownTemplateName(name, known: known, in: place, at: reader.location(ofTag: name, inside: node)))
        }
        return template
    }

    /// The template's `{{attributes.X}}` names with where each is first used, for
    /// `PipelineSpec.diagnostics(forFeedAttributes:)` once the feed is read.
    static func attributeUses(
        of template: PromptTemplate, inside node: Node, key: String, reader: SpecNodeReader
    ) -> [PipelineSpec.AttributeUse] {
        let printed = template.printedNames
        return template.names.filter { $0.hasPrefix("attributes.") }.map { name in
            PipelineSpec.AttributeUse(
                attribute: String(name.dropFirst("attributes.".count)),
                location: reader.location(ofTag: name, inside: node), guardOnly: !printed.contains(name), key: key)
        }
    }
}
