import CatalogModel
import Foundation
import PipelineSpec

/// Expands products × variants into jobs and sorts them into new, changed and unchanged
/// against the fingerprints of stored outputs. Values in, a `Plan` out; products are added one
/// at a time so a streamed feed never has to be held whole.
///
/// Jobs wait in a batch of about `batchSize` until they are compared with the store in one
/// read (`FingerprintIndex.storedStates`); the plan keeps totals, not jobs, except those
/// `keeps` asks for. Memory is bounded by the batch, not by the catalog.
public struct Planner {
    public let spec: PipelineSpec
    /// Relative local image links resolve against this folder (the feed's).
    public let linkBaseDirectory: String
    /// Whether links may name local files. Only a local feed may: a remote feed must never make
    /// the tool read (and upload) files from this machine.
    public let allowsLocalFiles: Bool
    private let index: any FingerprintIndex
    private let variants: [Variant]
    /// Which classified jobs the plan holds in `entries`; `nil` for none (then no listing is
    /// made unless `comparesListings`).
    private let keeps: ((Plan.Entry) -> Bool)?
    /// Whether each job's listing and manifest entry are compared with the store (a run writes
    /// what moved; `plan` writes nothing and skips the work).
    private let comparesListings: Bool
    private var plan = Plan()
    /// Estimates by image settings and reference count: a catalog has a handful of each.
    private var costs = CostEstimator.Cache()
    /// Jobs rendered but not yet compared with the store.
    private var pending: [(job: Job, listing: Listing)] = []
    /// How many jobs wait before they are compared with the store: a batch ends at the first
    /// product boundary past it.
    public var batchSize = 512
    /// The most jobs that waited at once: what streaming tests check memory by.
    public private(set) var largestBatch = 0
    /// Called with every batch once classified, kept or not (e.g. to check output paths).
    public var onBatch: (([Plan.Entry]) throws -> Void)?

    public init(
        spec: PipelineSpec, index: any FingerprintIndex, linkBaseDirectory: String, allowsLocalFiles: Bool = true,
        comparesListings: Bool = false, keeps: ((Plan.Entry) -> Bool)? = { _ in true }
    ) {
        self.spec = spec
        self.index = index
        self.linkBaseDirectory = linkBaseDirectory
        self.allowsLocalFiles = allowsLocalFiles
        self.variants = spec.variants
        self.comparesListings = comparesListings
        self.keeps = keeps
    }

    /// The plan of every product added: the last batch is compared with the store first.
    public mutating func finish() throws -> Plan {
        try flush()
        return plan
    }

    public mutating func add(_ product: Product) throws {
        plan.productsRead += 1
        plan.productIDHashes.insert(product.id.hashValue)
        if let selection = spec.selection, !selection.matches(product) { return }
        plan.productsSelected += 1
        let references = references(for: product)
        guard !references.isEmpty else {
            plan.skip(
                .init(
                    productID: product.id, line: product.sourceLine, item: product.sourceItem,
                    reason: "no reference image"))
            return
        }
        if !allowsLocalFiles, let local = references.first(where: { !$0.isRemote }) {
            plan.skip(
                .init(
                    productID: product.id, line: product.sourceLine, item: product.sourceItem,
                    reason: "image link `\(local.link)` is a local path, which only a local feed may use",
                    kind: "local image link in a remote feed"))
            return
        }
        for variant in variants where spec.variant(variant, appliesTo: product) {
            let settings = spec.imageSettings(for: variant)
            let prompt: String
            do {
                prompt = try spec.prompt.render { name in
                    // A feed column this product leaves blank is empty, not missing: that the
                    // column exists at all is checked against the whole feed
                    // (`PipelineSpec.diagnostics(forFeedAttributes:)`).
                    product.templateValue(named: name) ?? variant.templateValue(named: name)
                        ?? (name.hasPrefix("attributes.") ? "" : nil)
                }
            } catch {
                plan.skip(
                    .init(
                        productID: product.id, variantID: variant.id, line: product.sourceLine,
                        item: product.sourceItem,
                        reason: "prompt for \(variant.id): \(error)",
                        kind: error.isEmpty ? "`{{\(error.name)}}` is empty" : "`{{\(error.name)}}` does not exist"))
                continue
            }
            let limit = PromptRules.maxCodePoints(model: settings.model)
            let codePoints = prompt.unicodeScalars.count
            if codePoints > limit {
                // The API would refuse it: never sent, skipped with the reason.
                plan.skip(
                    .init(
                        productID: product.id, variantID: variant.id, line: product.sourceLine,
                        item: product.sourceItem,
                        reason: "the prompt is \(codePoints) Unicode code points, over the \(limit) "
                            + "\(settings.model) accepts",
                        kind: Self.promptTooLong))
                continue
            }
            var job = Job(
                key: JobKey(productID: product.id, variantID: variant.id), productTitle: product.title,
                variant: variant, prompt: prompt, references: references, settings: settings,
                estimatedCost: costs.estimate(settings, referenceCount: references.count))
            job.fileName = try? spec.output.fileName?.render { name in
                name == "variant"
                    ? variant.options.map(\.id).joined(separator: "-")
                    : product.templateValue(named: name) ?? variant.templateValue(named: name)
            }
            // What the listing says is only needed where it is kept or compared with the store.
            let needsListing = comparesListings || keeps != nil
            pending.append((job, needsListing ? listing(for: product, variant: variant) : Listing()))
        }
        // At a product boundary: a product's jobs are classified together, in feed order.
        if pending.count >= batchSize { try flush() }
    }

    /// Compares the waiting jobs with the store in one read and records them in the plan.
    private mutating func flush() throws {
        guard !pending.isEmpty else { return }
        largestBatch = max(largestBatch, pending.count)
        let states = try index.storedStates(for: pending.map(\.job.key))
        var batch: [Plan.Entry] = []
        batch.reserveCapacity(pending.count)
        for ((job, listing), stored) in zip(pending, states) {
            let entry: Plan.Entry =
                switch stored.fingerprint {
                case nil: Plan.Entry(job: job, change: .new, listing: listing)
                case job.fingerprint?: Plan.Entry(job: job, change: .unchanged, listing: listing)
                default:
                    Plan.Entry(job: job, change: .changed, reasons: try changeReasons(for: job), listing: listing)
                }
            plan.record(entry, stored: comparesListings ? stored : nil, keep: keeps?(entry) ?? false)
            if onBatch != nil { batch.append(entry) }
        }
        pending.removeAll(keepingCapacity: true)
        try onBatch?(batch)
    }

    /// The skip reason of a rendered prompt over the model's limit (`PromptRules`).
    public static let promptTooLong = "prompt_too_long"

    /// What differs from the job that made the stored output.
    private func changeReasons(for job: Job) throws -> [String] {
        guard let stored = try index.storedJob(for: job.key) else { return [] }
        var reasons: [String] = []
        if stored.prompt != job.prompt { reasons.append("prompt") }
        if stored.references.map(\.link) != job.references.map(\.link) { reasons.append("references") }
        if stored.settings != job.settings { reasons.append("image settings") }
        return reasons
    }

    /// The product's own images and the spec's `exports.shopify` handle and alt text for it.
    func listing(for product: Product, variant: Variant) -> Listing {
        let shopify = spec.exports.shopify
        let lifestyle = (product.attributes["lifestyle_image_link"] ?? "").split(separator: ",")
            .map { String($0).trimmingSurroundingWhitespace() }.filter { !$0.isEmpty }
        return Listing(
            handle: shopify.handle.flatMap { product.templateValue(named: $0) }.flatMap { $0.isEmpty ? nil : $0 },
            imageLink: product.imageLink, additionalImageLinks: product.additionalImageLinks.filter { !$0.isEmpty },
            lifestyleImageLinks: lifestyle,
            altText: try? shopify.alt?.render { name in
                product.templateValue(named: name) ?? variant.templateValue(named: name)
                    ?? (name.hasPrefix("attributes.") ? "" : nil)
            },
            isApparel: Listing.isApparel(googleProductCategory: product.googleProductCategory))
    }

    func references(for product: Product) -> [ReferenceImage] {
        spec.references.compactMap { rule in
            let link: String? =
                switch rule {
                case .imageLink: product.imageLink
                case .additionalImage(let index):
                    index < product.additionalImageLinks.count ? product.additionalImageLinks[index] : nil
                case .template(let template): try? template.render { product.templateValue(named: $0) }
                }
            guard let link, !link.isEmpty else { return nil }
            return ReferenceImage(link: link, location: resolve(link))
        }
    }

    private func resolve(_ link: String) -> String {
        if link.hasPrefix("http://") || link.hasPrefix("https://") || link.hasPrefix("/") { return link }
        if link.hasPrefix("file://") { return URL(string: link)?.path ?? link }
        return URL(fileURLWithPath: linkBaseDirectory).appendingPathComponent(link).standardizedFileURL.path
    }
}
