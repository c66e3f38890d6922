import CatalogModel
import Yams

extension SpecLoader {
    static let exportsKeys = ["amazon", "merchant_center", "shopify"]
    static let amazonExportKeys = ["main", "conform_main"]
    static let merchantCenterExportKeys = ["images", "attribute"]
    static let shopifyExportKeys = ["handle", "position", "alt"]

    /// `exports`: per marketplace, how `export` lays out approved images. Every key is optional;
    /// the `attributes.X` names the Shopify handle and alt text use are returned for the feed
    /// check, like the prompt's.
    static func readExports(
        _ node: Node, axes: [PipelineSpec.VariantAxis], exclusions: [[String: String]], reader: inout SpecNodeReader
    ) -> (settings: ExportSettings, attributeUses: [PipelineSpec.AttributeUse]) {
        var settings = ExportSettings()
        guard let entries = reader.mapping(node, path: "exports", allowed: exportsKeys) else { return (settings, []) }
        settings.declaredChannels = Set(entries.keys).intersection(exportsKeys)
        if let amazon = entries["amazon"] {
            settings.amazon = readAmazonExport(amazon, axes: axes, exclusions: exclusions, reader: &reader)
        }
        if let merchantCenter = entries["merchant_center"] {
            settings.merchantCenter = readMerchantCenterExport(merchantCenter, reader: &reader)
        }
        var uses: [PipelineSpec.AttributeUse] = []
        if let shopify = entries["shopify"] {
            (settings.shopify, uses) = readShopifyExport(shopify, axes: axes, reader: &reader)
        }
        return (settings, uses)
    }

    /// A value among `Choice`'s raw values, with a did-you-mean or the list when it is not.
    static func readEnum<Choice: RawRepresentable & CaseIterable>(
        _ node: Node, path: String, noun: String? = nil, reader: inout SpecNodeReader
    ) -> Choice? where Choice.RawValue == String {
        readChoice(node, path: path, among: Choice.allCases.map(\.rawValue), noun: noun, reader: &reader).flatMap {
            Choice(rawValue: $0)
        }
    }

    private static func readAmazonExport(
        _ node: Node, axes: [PipelineSpec.VariantAxis], exclusions: [[String: String]], reader: inout SpecNodeReader
    ) -> AmazonExportSettings {
        var settings = AmazonExportSettings()
        guard let entries = reader.mapping(node, path: "exports.amazon", allowed: amazonExportKeys) else {
            return settings
        }
        if let mainNode = entries["main"] {
            settings.main = readAmazonMain(mainNode, axes: axes, exclusions: exclusions, reader: &reader)
        }
        if let conformNode = entries["conform_main"],
            let conform = reader.bool(conformNode, path: "exports.amazon.conform_main")
        {
            settings.conformMain = conform
            if conform && entries["main"] == nil {
                reader.report(.nothingToConform(at: reader.location(of: conformNode)))
            }
        }
        return settings
    }

    /// `main: { axis: option id, … }`: the variant whose image becomes Amazon's MAIN. Checked
    /// against the variants, since a MAIN no job generates would silently export none.
    private static func readAmazonMain(
        _ node: Node, axes: [PipelineSpec.VariantAxis], exclusions: [[String: String]], reader: inout SpecNodeReader
    ) -> [String: String] {
        let path = "exports.amazon.main"
        guard case .mapping(let mapping) = node else {
            reader.report(
                .expected(
                    "a mapping of variant axes to entry ids, such as `{ background: white }`", for: path, found: node,
                    at: reader.location(of: node)))
            return [:]
        }
        guard !axes.isEmpty else {
            reader.report(
                .error(
                    "`\(path)` names a variant, but the spec has no `variants`", at: reader.location(of: node),
                    suggestion: "remove `main`, or add the variant axis it names"))
            return [:]
        }
        guard !mapping.isEmpty else {
            let example = axes.first.flatMap { axis in axis.options.first.map { "`{ \(axis.name): \($0.id) }`" } }
            reader.report(
                .error(
                    "`\(path)` names no variant", at: reader.location(of: node),
                    suggestion:
                        "name an entry of an axis, e.g. \(example ?? "`{ background: white }`"), or remove `main`"))
            return [:]
        }
        guard let entries = reader.mapping(node, path: path, allowed: axes.map(\.name)) else { return [:] }
        var main: [String: String] = [:]
        for (axis, idNode) in entries {
            guard let id = reader.string(idNode, path: "\(path).\(axis)") else { continue }
            let known = axes.first { $0.name == axis }?.options.map(\.id) ?? []
            guard known.contains(id) else {
                reader.report(
                    .unknownAxisEntry(id, axis: axis, in: path, known: known, at: reader.location(of: idNode)))
                continue
            }
            main[axis] = id
        }
        let generated = PipelineSpec.variants(of: axes, excluding: exclusions).contains { variant in
            main.allSatisfy { axis, id in variant.option(forAxis: axis)?.id == id }
        }
        if main.count == mapping.count && !generated {
            let named = axes.compactMap { axis in main[axis.name].map { "\(axis.name)=\($0)" } }
            reader.report(
                .error(
                    "`\(path)` matches no variant: `variants.exclude` excludes every combination with "
                        + named.joined(separator: ","),
                    at: reader.location(of: node), suggestion: "name a variant the spec generates"))
        }
        return main
    }

    private static func readMerchantCenterExport(
        _ node: Node, reader: inout SpecNodeReader
    ) -> MerchantCenterExportSettings {
        let path = "exports.merchant_center"
        var settings = MerchantCenterExportSettings()
        guard let entries = reader.mapping(node, path: path, allowed: merchantCenterExportKeys) else {
            return settings
        }
        if let imagesNode = entries["images"],
            let images: MerchantCenterExportSettings.Images = readEnum(
                imagesNode, path: "\(path).images", noun: "mode", reader: &reader)
        {
            settings.images = images
        }
        if let attributeNode = entries["attribute"],
            let attribute: MerchantCenterExportSettings.Attribute = readEnum(
                attributeNode, path: "\(path).attribute", reader: &reader)
        {
            settings.attribute = attribute
        }
        return settings
    }

    private static func readShopifyExport(
        _ node: Node, axes: [PipelineSpec.VariantAxis], reader: inout SpecNodeReader
    ) -> (ShopifyExportSettings, [PipelineSpec.AttributeUse]) {
        let path = "exports.shopify"
        var settings = ShopifyExportSettings()
        guard let entries = reader.mapping(node, path: path, allowed: shopifyExportKeys) else { return (settings, []) }
        var uses: [PipelineSpec.AttributeUse] = []
        if let handleNode = entries["handle"], let handle = readHandle(handleNode, axes: axes, reader: &reader) {
            settings.handle = handle
            if handle.hasPrefix("attributes.") {
                uses.append(
                    PipelineSpec.AttributeUse(
                        attribute: String(handle.dropFirst("attributes.".count)),
                        location: reader.location(of: handleNode), key: "\(path).handle", inTemplate: false))
            }
        }
        if let positionNode = entries["position"],
            let position: ShopifyExportSettings.Position = readEnum(
                positionNode, path: "\(path).position", reader: &reader)
        {
            settings.position = position
        }
        if let altNode = entries["alt"],
            let alt = readTemplate(
                altNode, key: "\(path).alt", known: productAndVariantNames(axes: axes), reader: &reader)
        {
            if alt.source.trimmingSurroundingWhitespace().isEmpty {
                reader.report(
                    .error(
                        "`\(path).alt` is empty", at: reader.location(of: altNode),
                        suggestion: "remove it for the default alt text"))
            } else {
                settings.alt = alt
                uses += attributeUses(of: alt, inside: altNode, key: "\(path).alt", reader: reader)
            }
        }
        return (settings, uses)
    }

    /// `handle`: one field name, as a template writes it between `{{ }}`. A handle names the
    /// product on Shopify, so it may use product fields and feed columns, never a variant's.
    private static func readHandle(
        _ node: Node, axes: [PipelineSpec.VariantAxis], reader: inout SpecNodeReader
    ) -> String? {
        let path = "exports.shopify.handle"
        let location = reader.location(of: node)
        if case .mapping = node {
            // `handle: {{x}}` unquoted is a YAML mapping, not a template.
            reader.report(
                .expected(
                    "a field name such as `attributes.handle`", for: path, found: node, at: location,
                    suggestion: "write the name without `{{ }}`, which YAML reads as a mapping"))
            return nil
        }
        guard let name = reader.string(node, path: path) else { return nil }
        if name.contains("{{") {
            let names = (try? PromptTemplate(name))?.names ?? []
            reader.report(
                .error(
                    "`\(path)` is a field name, not a template", at: location,
                    suggestion: names.count == 1
                        ? "write `\(names[0])`" : "write one field name, e.g. `attributes.handle`"))
            return nil
        }
        guard let tag = try? PromptTemplate("{{\(name)}}"), tag.printedNames == [name], tag.names == [name] else {
            reader.report(
                .error(
                    "`\(path)` `\(name.escapingControlCharacters)` is not a field name", at: location,
                    suggestion: "a product field such as `id` or `mpn`, or `attributes.<column>`"))
            return nil
        }
        if name.hasPrefix("attributes.") || Product.Field(rawValue: name) != nil { return name }
        if let axis = axes.first(where: { name.hasPrefix("\($0.name).") }) {
            reader.report(
                .error(
                    "`\(path)` cannot use variant axis `\(axis.name)`: a handle names the product, which all its "
                        + "variants share",
                    at: location, suggestion: "use a product field such as `id`, or `attributes.<column>`"))
            return nil
        }
        reader.report(.unknownHandleField(name, at: location))
        return nil
    }
}

extension Diagnostic {
    static func nothingToConform(at location: SourceLocation) -> Diagnostic {
        .warning(
            "`exports.amazon.conform_main` is true, but `exports.amazon.main` is not set: there is no MAIN image "
                + "to conform",
            at: location,
            suggestion: "set `exports.amazon.main`, e.g. `{ background: white }`, or remove `conform_main`")
    }

    static func unknownAxisEntry(
        _ id: String, axis: String, in path: String, known: [String], at location: SourceLocation
    ) -> Diagnostic {
        let suggestion =
            closestMatch(to: id, in: known).map { "did you mean `\($0)`?" }
            ?? "`\(axis)` has: \(known.joined(separator: ", "))"
        return .error("unknown `\(axis)` entry `\(id)` in `\(path)`", at: location, suggestion: suggestion)
    }

    static func unknownHandleField(_ name: String, at location: SourceLocation) -> Diagnostic {
        let known = Product.Field.allCases.map(\.rawValue)
        let suggestion =
            closestMatch(to: name, in: known).map { "did you mean `\($0)`?" }
            ?? "a feed column is written `attributes.\(name)`; product fields are: \(known.joined(separator: ", "))"
        return .error(
            "unknown product field `\(name)` for `exports.shopify.handle`", at: location, suggestion: suggestion)
    }
}
