import CatalogModel
import Foundation
import Yams

extension SpecLoader {
    /// `references`: `image_link`, `additional_image_links[N]`, or `{template: "https://…/{{id}}.jpg"}`.
    static func readReferences(_ node: Node, reader: inout SpecNodeReader) -> [ReferenceRule] {
        guard let items = reader.sequence(node, path: "references") else { return [] }
        var rules: [ReferenceRule] = []
        for item in items {
            if case .mapping = item {
                guard let entries = reader.mapping(item, path: "references[]", allowed: ["template"]),
                    let templateNode = reader.require("template", in: entries, path: "references[]", parent: item),
                    let text = reader.string(templateNode, path: "references[].template")
                else { continue }
                do {
                    let template = try PromptTemplate(text)
                    let known = Product.Field.allCases.map(\.rawValue)
                    for name in template.names where !known.contains(name) && !name.hasPrefix("attributes.") {
                        reader.report(.unknownProductField(name, known: known, at: reader.location(of: templateNode)))
                    }
                    rules.append(.template(template))
                } catch {
                    reader.report(
                        .error("references[].template: \(error.message)", at: reader.location(of: templateNode)))
                }
                continue
            }
            guard let text = reader.string(item, path: "references[]") else { continue }
            if text == "image_link" {
                rules.append(.imageLink)
            } else if text.hasPrefix("additional_image_links["), text.hasSuffix("]"),
                let index = Int(text.dropFirst("additional_image_links[".count).dropLast()), index >= 0
            {
                rules.append(.additionalImage(index))
            } else {
                reader.report(
                    .error(
                        "unknown reference `\(text)`", at: reader.location(of: item),
                        suggestion: "use `image_link`, `additional_image_links[N]` or `template: …`"))
            }
        }
        if rules.count > 16 {
            reader.report(
                .error("at most 16 reference images per job, found \(rules.count)", at: reader.location(of: node)))
        }
        return rules
    }

    /// `output`: the folder, an optional file-name template and the public base URL exports use.
    static func readOutput(
        _ node: Node, axes: [PipelineSpec.VariantAxis], reader: inout SpecNodeReader, base: String
    ) -> PipelineSpec.OutputSection? {
        guard let entries = reader.mapping(node, path: "output", allowed: outputKeys),
            let folder = reader.require("folder", in: entries, path: "output", parent: node).flatMap({
                reader.string($0, path: "output.folder")
            })
        else { return nil }
        var section = PipelineSpec.OutputSection(folder: resolve(folder, against: base))
        if let problem = OutputFolderCheck.problem(folder: section.folder, specDirectory: base),
            let folderNode = entries["folder"]
        {
            reader.report(
                .error(
                    "`output.folder` `\(folder)` cannot be an output folder: \(problem)",
                    at: reader.location(of: folderNode),
                    suggestion: "name a folder of its own, such as `out/\(reader.specName)`"))
        }
        if let nameNode = entries["file_name"], let text = reader.string(nameNode, path: "output.file_name") {
            do {
                let template = try PromptTemplate(text)
                checkFileName(template, axes: axes, at: reader.location(of: nameNode), reader: &reader)
                section.fileName = template
            } catch {
                reader.report(.error("output.file_name: \(error.message)", at: reader.location(of: nameNode)))
            }
        }
        if let urlNode = entries["public_base_url"], let url = reader.string(urlNode, path: "output.public_base_url") {
            if url.hasPrefix("http://") || url.hasPrefix("https://") {
                section.publicBaseURL = url.hasSuffix("/") ? String(url.dropLast()) : url
            } else {
                reader.report(
                    .error("`output.public_base_url` must be an http(s) URL", at: reader.location(of: urlNode)))
            }
        }
        return section
    }

    /// A `file_name` must name the product and every variant axis, or two jobs would write one
    /// file and one paid image would overwrite the other.
    private static func checkFileName(
        _ template: PromptTemplate, axes: [PipelineSpec.VariantAxis], at location: SourceLocation,
        reader: inout SpecNodeReader
    ) {
        let printed = template.printedNames
        var missing = printed.contains("id") ? [] : ["{{id}}"]
        if !printed.contains("variant") {
            missing += axes.map { "{{\($0.name).id}}" }.filter {
                !printed.contains(String($0.dropFirst(2).dropLast(2)))
            }
        }
        guard !missing.isEmpty else { return }
        reader.report(
            .error(
                "`output.file_name` must name the product and every variant axis, or two jobs would write one "
                    + "file; it lacks " + missing.map { "`\($0)`" }.joined(separator: ", "),
                at: location,
                suggestion: axes.isEmpty ? "e.g. `{{id}}`" : "e.g. `{{id}}/{{variant}}`"))
    }

    static func readAPI(_ node: Node, reader: inout SpecNodeReader, base: String) -> PipelineSpec.APISection? {
        guard let entries = reader.mapping(node, path: "api", allowed: apiKeys) else { return nil }
        var section = PipelineSpec.APISection(baseURL: nil, filesBaseURL: nil)
        for (key, path) in [("base_url", \PipelineSpec.APISection.baseURL), ("files_base_url", \.filesBaseURL)] {
            guard let valueNode = entries[key], let value = reader.string(valueNode, path: "api.\(key)") else {
                continue
            }
            guard value.hasPrefix("http://") || value.hasPrefix("https://") else {
                reader.report(.error("`api.\(key)` must be an http(s) URL", at: reader.location(of: valueNode)))
                continue
            }
            section[keyPath: path] = value
        }
        if let keyFileNode = entries["key_file"], let keyFile = reader.string(keyFileNode, path: "api.key_file") {
            section.keyFile = resolve(keyFile, against: base)
        }
        readNetwork(entries, into: &section, reader: &reader, base: base)
        return section
    }

    /// `proxy`, `no_proxy` and `ca_bundle`: checked here for what a spec can get wrong; the
    /// proxy URL is read in full (as curl reads it) when the run starts.
    private static func readNetwork(
        _ entries: [String: Node], into section: inout PipelineSpec.APISection, reader: inout SpecNodeReader,
        base: String
    ) {
        if let node = entries["proxy"], let proxy = reader.string(node, path: "api.proxy") {
            let scheme = proxy.range(of: "://").map { proxy[..<$0.lowerBound].lowercased() }
            if let scheme, !["http", "socks5", "socks5h"].contains(scheme) {
                reader.report(
                    .error(
                        "`api.proxy` must be an http:// or socks5:// proxy, not \(scheme)://",
                        at: reader.location(of: node),
                        suggestion: "e.g. `http://proxy.corp.example:3128`"))
            } else {
                section.proxy = proxy
                let asURL = scheme == nil ? "http://" + proxy : proxy
                if URLUserInfo.removed(from: asURL) != asURL {
                    reader.report(
                        .warning(
                            "`api.proxy` holds credentials, and specs are usually committed",
                            at: reader.location(of: node),
                            suggestion: "set them in HTTPS_PROXY in the job's environment instead"))
                }
            }
        }
        if let node = entries["no_proxy"] {
            if case .scalar = node, let text = reader.string(node, path: "api.no_proxy") {
                section.noProxy = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            } else if let items = reader.sequence(node, path: "api.no_proxy") {
                section.noProxy = items.compactMap { reader.string($0, path: "api.no_proxy[]") }
            }
        }
        if let node = entries["ca_bundle"], let path = reader.string(node, path: "api.ca_bundle") {
            section.caBundle = resolve(path, against: base)
        }
    }
}
