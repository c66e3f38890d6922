import AssetStorage

/// The front door of the marketplace exports: approved images only, checked against the
/// channel's image rules, written atomically in the channel's format. Exporting the same
/// manifest twice writes byte-identical files (no timestamps, a fixed order, a fixed zip), so
/// a scheduler can diff or checksum an export to see whether anything needs uploading.
public enum Export {
    /// Writes `request.format`'s files into `request.destination` and says what went out.
    /// Images that break a rule are reported in the summary, never silently dropped or
    /// exported; only I/O failures throw.
    public static func run(_ request: ExportRequest) throws(ExportError) -> ExportSummary {
        var files = try ExportFiles(destination: request.destination, dryRun: request.checkOnly)
        let approved = request.items.filter { $0.reviewState == ExportRequest.approvedState }.sorted(by: precedes)
        var violations: [ExportViolation] = []
        var candidates: [ExportCandidate] = []
        for item in approved {
            switch ExportCandidate.load(item, outputFolder: request.outputFolder) {
            case .candidate(let candidate): candidates.append(candidate)
            case .violation(let violation): violations.append(violation)
            }
        }
        let outcome: WriterOutcome
        switch request.format {
        case .shopify: outcome = try ShopifyExport.write(candidates, request: request, into: &files)
        case .merchantCenter: outcome = try MerchantCenterExport.write(candidates, request: request, into: &files)
        case .amazon: outcome = try AmazonExport.write(candidates, request: request, into: &files)
        case .csv: outcome = try PlainListExport.writeCSV(candidates, into: &files)
        case .json: outcome = try PlainListExport.writeJSON(candidates, into: &files)
        }
        violations += outcome.violations
        return ExportSummary(
            format: request.format, destination: request.destination, itemCount: request.items.count,
            approvedCount: approved.count, exportedCount: outcome.exported, violations: ordered(violations),
            warnings: ordered(outcome.warnings), files: files.written.sorted(), checkOnly: request.checkOnly)
    }

    /// The export order: product id, then variant id, then path; the first image of a
    /// product is its main image where a channel has one.
    static func precedes(_ a: Manifest.Item, _ b: Manifest.Item) -> Bool {
        (a.productID, a.variantID, a.path) < (b.productID, b.variantID, b.path)
    }

    /// Splits candidates into those that pass and the violations of those that do not: a
    /// public URL when the channel fetches by URL, then the channel's image rules.
    static func screen(
        _ candidates: [ExportCandidate], needsURLFor marketplace: String?,
        rules: (ExportCandidate) -> MarketplaceImageRules
    ) -> (passed: [ExportCandidate], violations: [ExportViolation]) {
        var passed: [ExportCandidate] = []
        var violations: [ExportViolation] = []
        for candidate in candidates {
            var found: [ExportViolation] = []
            if let marketplace, (candidate.item.publicURL ?? "").isEmpty {
                found.append(.missingPublicURL(candidate.item, marketplace: marketplace))
            }
            found += rules(candidate).violations(
                of: candidate.item, format: candidate.info.format, width: candidate.info.width,
                height: candidate.info.height, bytes: candidate.bytes)
            if found.isEmpty { passed.append(candidate) } else { violations += found }
        }
        return (passed, violations)
    }

    /// Groups in order of first appearance, keeping the order inside each group.
    static func grouped(
        _ candidates: [ExportCandidate], by key: (ExportCandidate) -> String
    ) -> [(
        key: String, members: [ExportCandidate]
    )] {
        var order: [String] = []
        var groups: [String: [ExportCandidate]] = [:]
        for candidate in candidates {
            let value = key(candidate)
            if groups[value] == nil { order.append(value) }
            groups[value, default: []].append(candidate)
        }
        return order.map { ($0, groups[$0] ?? []) }
    }

    private static func ordered(_ violations: [ExportViolation]) -> [ExportViolation] {
        violations.enumerated().sorted { a, b in
            let left = (a.element.productID, a.element.variantID, a.element.path)
            let right = (b.element.productID, b.element.variantID, b.element.path)
            return left != right ? left < right : a.offset < b.offset
        }.map(\.element)
    }
}

/// What one format writer did: how many images it exported and which it held back.
struct WriterOutcome: Sendable {
    var exported: Int
    var violations: [ExportViolation]
    /// Findings that do not keep an image out (Amazon's zoom size).
    var warnings: [ExportViolation] = []
}
