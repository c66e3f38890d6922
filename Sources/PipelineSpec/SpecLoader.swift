import CatalogModel
import Foundation
import Yams

/// Loads a pipeline spec: YAML composed with Yams (so every node keeps its line and column),
/// then read into `PipelineSpec`, with every problem in the file reported at once.
public enum SpecLoader {
    static let topLevelKeys = [
        "version", "name", "feed", "select", "variants", "prompt", "references", "image", "limits", "output", "api",
        "exports",
    ]
    static let feedKeys = [
        "source", "profile", "mapping", "max_invalid_rows", "delimiter", "encoding", "item_element",
        "max_invalid_percent", "timeouts",
    ]
    static let imageKeys = ["model", "size", "resolution", "quality"]
    static let limitKeys = ["concurrency", "requests_per_minute", "budget_usd", "max_skipped"]
    static let outputKeys = ["folder", "file_name", "public_base_url"]
    static let apiKeys = ["base_url", "files_base_url", "key_file", "proxy", "no_proxy", "ca_bundle"]
    /// The section a key of one belongs to, for a key written at the top level by mistake.
    static func section(holding key: String) -> String? {
        let sections = [
            ("feed", feedKeys), ("image", imageKeys), ("limits", limitKeys), ("output", outputKeys), ("api", apiKeys),
            ("variants", ["exclude"]),
        ]
        return sections.first { $0.1.contains(key) }?.0
    }
    static let profiles = ["auto", "google-merchant", "shopify", "meta", "generic-csv", "generic-xml"]
    static let encodings = ["utf-8", "windows-1252", "iso-8859-1"]

    /// The largest spec file read, 1 MB: a spec is written by hand, and a larger one is a
    /// mistake or an attack (validation's time and memory grow with the text).
    public static let maxSpecBytes = 1_000_000

    /// Reads and validates the spec at `path`. Relative paths inside it resolve against its folder.
    public static func load(path: String) throws(DiagnosticsError) -> PipelineSpec {
        let start = SourceLocation(file: path, line: 1, column: 1)
        let bytes: [UInt8]
        do {
            bytes = try BoundedFile.read(path, limit: maxSpecBytes)
        } catch .tooLarge {
            throw DiagnosticsError([
                .error(
                    "the spec file is over \(maxSpecBytes / 1_000_000) MB, more than any hand-written spec", at: start,
                    suggestion: "a spec names its feed; it does not hold it")
            ])
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read (\(error))" : "does not exist"
            throw DiagnosticsError([.error("spec file \(reason)", at: start)])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DiagnosticsError([.error("spec file is not readable UTF-8 text", at: start)])
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(yaml: text, file: path, baseDirectory: folder)
    }

    /// Parses spec text; `file` names it in diagnostics and `baseDirectory` resolves its paths.
    public static func parse(yaml: String, file: String, baseDirectory: String) throws(DiagnosticsError) -> PipelineSpec
    {
        do {
            try YAMLExpansionLimit.check(yaml)
        } catch {
            throw DiagnosticsError([
                .error(
                    "the spec's aliases expand to more than \(YAMLExpansionLimit.maxNodes) YAML nodes",
                    at: SourceLocation(file: file, line: error.line, column: error.column),
                    suggestion: "write the values out, or use fewer nested aliases")
            ])
        }
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: yaml) else {
                throw DiagnosticsError([.error("the spec is empty", at: SourceLocation(file: file, line: 1, column: 1))]
                )
            }
            root = composed
        } catch let error as DiagnosticsError {
            throw error
        } catch {
            throw DiagnosticsError([diagnostic(for: error, source: yaml, file: file)])
        }
        var reader = SpecNodeReader(file: file, source: yaml)
        let spec = read(root, reader: &reader, baseDirectory: baseDirectory)
        let errors = reader.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, var spec else { throw DiagnosticsError(reader.diagnostics) }
        spec.warnings = reader.diagnostics
        var source = SHA256()
        source.update(String(baseDirectory.utf8.count) + ":" + baseDirectory)
        source.update(yaml)
        spec.sourceDigest = source.finalize().hex
        return spec
    }

    static func diagnostic(for error: any Error, source: String, file: String) -> Diagnostic {
        guard let yamlError = error as? YamlError else {
            return .error("\(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
        let syntax = YAMLSyntaxDiagnosis(source: source, file: file)
        func position(_ mark: Mark) -> YAMLSyntaxDiagnosis.Position { .init(line: mark.line, column: mark.column) }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            if let diagnostic = syntax.diagnose(
                problem: problem, mark: position(mark), context: context.map { ($0.text, position($0.mark)) })
            {
                return diagnostic
            }
            let hint = problem.contains("tab") ? "indent with spaces, not tabs" : nil
            return .error(
                "invalid YAML: \(problem)", at: SourceLocation(file: file, line: mark.line, column: mark.column),
                suggestion: hint)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return syntax.duplicateKey(duplicates.first ?? "", mappingStart: position(context.mark))
        default:
            return .error("invalid YAML: \(yamlError)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    private static func read(_ root: Node, reader: inout SpecNodeReader, baseDirectory: String) -> PipelineSpec? {
        guard let top = reader.mapping(root, path: "", allowed: topLevelKeys) else { return nil }
        let version = reader.require("version", in: top, path: "", parent: root).flatMap {
            reader.int($0, path: "version", range: 1...1)
        }
        let name =
            top["name"].flatMap { reader.string($0, path: "name") }
            ?? URL(fileURLWithPath: reader.file).deletingPathExtension().lastPathComponent
        let feed = reader.require("feed", in: top, path: "", parent: root).flatMap {
            readFeed($0, reader: &reader, base: baseDirectory)
        }
        let image = top["image"].flatMap { readImage($0, reader: &reader) } ?? ImageSettings()
        let (axes, exclusions) = top["variants"].map { readVariants($0, baseImage: image, reader: &reader) } ?? ([], [])
        let selection = top["select"].flatMap { readCondition($0, path: "select", reader: &reader) }
        let references = top["references"].map { readReferences($0, reader: &reader) } ?? [.imageLink]
        let limits =
            top["limits"].flatMap { readLimits($0, reader: &reader) }
            ?? PipelineSpec.Limits(concurrency: 4, requestsPerMinute: 60, budget: nil)
        let output = reader.require("output", in: top, path: "", parent: root).flatMap {
            readOutput($0, axes: axes, reader: &reader, base: baseDirectory)
        }
        let api =
            top["api"].flatMap { readAPI($0, reader: &reader, base: baseDirectory) }
            ?? PipelineSpec.APISection(baseURL: nil, filesBaseURL: nil)
        let prompt = reader.require("prompt", in: top, path: "", parent: root).flatMap {
            readPrompt($0, axes: axes, reader: &reader)
        }
        if let prompt, let promptNode = top["prompt"] {
            warnAboutSuspiciousSettings(prompt: prompt, promptNode: promptNode, axes: axes, top: top, reader: &reader)
        }
        let exports = top["exports"].map { readExports($0, axes: axes, exclusions: exclusions, reader: &reader) }
        guard let version, let feed, let prompt, let promptNode = top["prompt"], let output else { return nil }
        var spec = PipelineSpec(
            version: version, name: name, file: reader.file, feed: feed, selection: selection, variantAxes: axes,
            exclusions: exclusions, prompt: prompt, references: references, image: image, limits: limits,
            output: output,
            api: api)
        spec.exports = exports?.settings ?? ExportSettings()
        spec.attributeUses =
            attributeUses(of: prompt, inside: promptNode, key: "prompt", reader: reader)
            + (exports?.attributeUses ?? [])
        return spec
    }

    /// Settings that are valid but almost certainly not what the author meant: warnings.
    private static func warnAboutSuspiciousSettings(
        prompt: PromptTemplate, promptNode: Node, axes: [PipelineSpec.VariantAxis], top: [String: Node],
        reader: inout SpecNodeReader
    ) {
        for axis in axes
        where axis.options.count > 1 && !prompt.names.contains(where: { $0.hasPrefix("\(axis.name).") }) {
            reader.report(
                .warning(
                    "the prompt uses no field of variant axis `\(axis.name)`: its \(axis.options.count) entries would "
                        + "generate \(axis.options.count) copies of the same prompt",
                    at: reader.location(of: promptNode), suggestion: "use `{{\(axis.name).id}}` or one of its fields"))
        }
        if let apiNode = top["api"], case .mapping(let api) = apiNode {
            for (key, value) in api where key.string == "base_url" && (value.string ?? "").hasPrefix("http://") {
                reader.report(
                    .warning(
                        "`api.base_url` is plain http: the API key would travel unencrypted",
                        at: reader.location(of: value),
                        suggestion: "use https unless this is a local simulator"))
            }
        }
    }

    /// A path given on the command line: relative to the working directory, URLs unchanged.
    public static func resolveCommandLinePath(_ path: String) -> String {
        resolve(path, against: FileManager.default.currentDirectoryPath)
    }

    static func resolve(_ path: String, against base: String) -> String {
        if path.hasPrefix("/") || path.hasPrefix("http://") || path.hasPrefix("https://") || path == "-" { return path }
        return URL(fileURLWithPath: base).appendingPathComponent(path).standardizedFileURL.path
    }

    private static func readFeed(_ node: Node, reader: inout SpecNodeReader, base: String) -> PipelineSpec.FeedSection?
    {
        guard let entries = reader.mapping(node, path: "feed", allowed: feedKeys) else { return nil }
        let source = reader.require("source", in: entries, path: "feed", parent: node).flatMap {
            reader.string($0, path: "feed.source")
        }
        let profile =
            entries["profile"].flatMap { readChoice($0, path: "feed.profile", among: profiles, reader: &reader) }
            ?? "auto"
        let encoding =
            entries["encoding"].flatMap { readChoice($0, path: "feed.encoding", among: encodings, reader: &reader) }
            ?? "utf-8"
        let itemElement = entries["item_element"].flatMap { reader.string($0, path: "feed.item_element") }
        if profile == "generic-xml" && itemElement == nil {
            reader.report(
                .error(
                    "a generic-xml feed needs `feed.item_element`, the element that repeats per product",
                    at: reader.location(of: node)))
        }
        var mapping: [String: String] = [:]
        if let mappingNode = entries["mapping"] {
            let fields = Product.Field.allCases.map(\.rawValue) + ["additional_image_links"]
            for (field, column) in reader.mapping(mappingNode, path: "feed.mapping", allowed: fields) ?? [:] {
                mapping[field] = reader.string(column, path: "feed.mapping.\(field)")
            }
        }
        let maxInvalid =
            entries["max_invalid_rows"].flatMap { reader.int($0, path: "feed.max_invalid_rows", range: 0...Int.max) }
            ?? 0
        let maxInvalidPercent = entries["max_invalid_percent"].flatMap {
            reader.positiveDecimal($0, path: "feed.max_invalid_percent", atMost: 100)
        }
        let delimiter = entries["delimiter"].flatMap { readDelimiter($0, reader: &reader) }
        let timeouts = entries["timeouts"].map { readFeedTimeouts($0, reader: &reader) } ?? FeedTimeouts()
        guard let source else { return nil }
        return PipelineSpec.FeedSection(
            source: resolve(source, against: base), profile: profile, mapping: mapping, maxInvalidRows: maxInvalid,
            maxInvalidPercent: maxInvalidPercent, delimiter: delimiter, encoding: encoding, itemElement: itemElement,
            timeouts: timeouts)
    }

    /// A text value that must be one of `choices`, with a suggestion when it is not; `noun`
    /// names the value in the message (by default the key's last part).
    static func readChoice(
        _ node: Node, path: String, among choices: [String], noun: String? = nil, reader: inout SpecNodeReader
    ) -> String? {
        guard let value = reader.string(node, path: path) else { return nil }
        guard choices.contains(value.lowercased()) else {
            let suggestion =
                closestMatch(to: value, in: choices).map { "did you mean `\($0)`?" }
                ?? "expected one of: \(choices.joined(separator: ", "))"
            reader.report(
                .error(
                    "unknown \(noun ?? String(path.split(separator: ".").last ?? "")) `\(value)` for `\(path)`",
                    at: reader.location(of: node), suggestion: suggestion))
            return nil
        }
        return value.lowercased()
    }

    private static func readDelimiter(_ node: Node, reader: inout SpecNodeReader) -> String? {
        guard let value = reader.string(node, path: "feed.delimiter") else { return nil }
        let named = ["comma": ",", "tab": "\t", "semicolon": ";", "pipe": "|"]
        if let mapped = named[value] { return mapped }
        guard value.utf8.count == 1 else {
            reader.report(
                .error(
                    "`feed.delimiter` must be one character or comma, tab, semicolon, pipe",
                    at: reader.location(of: node)))
            return nil
        }
        return value
    }

    static func readImage(
        _ node: Node, path: String = "image", base: ImageSettings = ImageSettings(), reader: inout SpecNodeReader
    ) -> ImageSettings? {
        guard let entries = reader.mapping(node, path: path, allowed: imageKeys) else { return nil }
        var settings = base
        if let value = entries["model"].flatMap({ reader.string($0, path: "\(path).model") }) { settings.model = value }
        if let value = entries["size"].flatMap({ reader.string($0, path: "\(path).size") }) { settings.size = value }
        if let value = entries["resolution"].flatMap({ reader.string($0, path: "\(path).resolution") }) {
            settings.resolution = value.uppercased()
        }
        if let qualityNode = entries["quality"] {
            settings.quality = reader.string(qualityNode, path: "\(path).quality")
        } else if settings.model == "gpt-image-2-beta" {
            settings.quality = nil
        }
        // At the setting's own value when this section sets it; at the section when the
        // problem comes from the settings it overrides (a variant's `quality` for the beta model).
        for problem in ImageSizeRules.settingProblems(with: settings) {
            let at = entries[problem.setting.rawValue].map { reader.location(of: $0) } ?? reader.location(of: node)
            reader.report(.error(problem.message, at: at))
        }
        return settings
    }

    private static func readLimits(_ node: Node, reader: inout SpecNodeReader) -> PipelineSpec.Limits? {
        guard let entries = reader.mapping(node, path: "limits", allowed: limitKeys) else { return nil }
        let concurrency =
            entries["concurrency"].flatMap { reader.int($0, path: "limits.concurrency", range: 1...256) } ?? 4
        let rate =
            entries["requests_per_minute"].flatMap {
                reader.int($0, path: "limits.requests_per_minute", range: 1...100_000)
            } ?? 60
        let budgetNode = entries["budget_usd"]
        let budget = budgetNode.flatMap {
            reader.positiveDecimal($0, path: "limits.budget_usd", atMost: PipelineSpec.Limits.maxBudgetUSD)
        }
        .flatMap { try? Money(checkedUSD: $0) }
        var maxSkipped: Int? = 0
        if let node = entries["max_skipped"] {
            maxSkipped =
                node.string == "any" ? nil : reader.int(node, path: "limits.max_skipped", range: 0...Int.max) ?? 0
        }
        return PipelineSpec.Limits(
            concurrency: concurrency, requestsPerMinute: rate, budget: budget,
            budgetLocation: budgetNode.map { reader.location(of: $0) }, maxSkipped: maxSkipped)
    }

    private static func readPrompt(
        _ node: Node, axes: [PipelineSpec.VariantAxis], reader: inout SpecNodeReader
    ) -> PromptTemplate? {
        let known = productAndVariantNames(axes: axes)
        guard let template = readTemplate(node, key: "prompt", known: known, reader: &reader) else { return nil }
        let text = template.source
        if text.trimmingSurroundingWhitespace().isEmpty {
            reader.report(.error("the prompt is empty", at: reader.location(of: node)))
        }
        let codePoints = text.unicodeScalars.count
        if codePoints > PromptRules.maxCodePoints {
            reader.report(
                .error(
                    "the prompt is \(codePoints) Unicode code points; the API accepts at most \(PromptRules.maxCodePoints)",
                    at: reader.location(of: node),
                    suggestion: "shorten it: the image model reads a description, not a document"))
        }
        return template
    }
}
