import CatalogModel
import Foundation
import PipelineSpec

/// The half of planning that needs nothing but the product and the spec: which variants apply,
/// each job's prompt, references, settings, fingerprint and estimate, its listing, and why a
/// product or variant is skipped. It never reads the store, so a thread of its own can make
/// the jobs while another thread compares them with the store (`Planner.absorb`).
public struct JobMaker: Sendable {
    public let spec: PipelineSpec
    /// Relative local image links resolve against this folder (the feed's).
    public let linkBaseDirectory: String
    /// Whether links may name local files. Only a local feed may: a remote feed must never make
    /// the tool read (and upload) files from this machine.
    public let allowsLocalFiles: Bool
    /// Whether each job's listing is made (kept or compared with the store); otherwise empty.
    let makesListings: Bool
    /// Whether each listing's digest is made here, on the making thread, for the comparing one.
    let makesListingDigests: Bool
    /// Each variant with what its jobs share, made once (`PreparedVariant`).
    private let variants: [PreparedVariant]
    /// The products found current by earlier runs, passed over; `nil` to plan every product.
    let currentProducts: CurrentProducts?
    /// The bytes of the last fingerprint, listing digest and product digest made: one buffer
    /// each for all.
    private var fingerprintBytes: [UInt8] = []
    /// The last prompt rendered: its fingerprint hashes these bytes, and its string is made from them once.
    private var promptBytes: [UInt8] = []
    private var listingBytes: [UInt8] = []
    private var productBytes: [UInt8] = []
    /// Jobs made in full so far: no product is passed over before the plan has its samples.
    private var jobsMadeInFull = 0

    init(
        spec: PipelineSpec, linkBaseDirectory: String, allowsLocalFiles: Bool, makesListings: Bool,
        makesListingDigests: Bool, currentProducts: CurrentProducts? = nil
    ) {
        self.spec = spec
        self.linkBaseDirectory = linkBaseDirectory
        self.allowsLocalFiles = allowsLocalFiles
        self.makesListings = makesListings || makesListingDigests
        self.makesListingDigests = makesListingDigests
        self.currentProducts = currentProducts
        self.variants = spec.variants.map { PreparedVariant($0, spec: spec) }
    }

    /// The product's jobs and skips, in variant order.
    public mutating func make(_ product: Product) -> MadeProduct {
        var made = MadeProduct(productIDHash: product.id.hashValue)
        if let selection = spec.selection, !selection.matches(product) { return made }
        made.isSelected = true
        // A digest serves to pass the product over or, when the plan compares all that makes a
        // product current, to record it: neither for `plan` on a store that records none.
        if let currentProducts, makesListingDigests || !currentProducts.stored.isEmpty {
            let digest = currentProducts.digest(of: product, buffer: &productBytes)
            if !currentProducts.stored.contains(digest) {
                made.digestToRecord = digest
            } else if jobsMadeInFull >= Plan.keptSamples {
                passOver(product, as: &made)
                return made
            } else {
                made.isRecordedCurrent = true
            }
        }
        defer { jobsMadeInFull += made.jobs.count }
        let references = references(for: product)
        guard !references.isEmpty else {
            made.skips.append(
                .init(
                    productID: product.id, line: product.sourceLine, item: product.sourceItem,
                    reason: "no reference image"))
            return made
        }
        if !allowsLocalFiles, let local = references.first(where: { !$0.isRemote }) {
            made.skips.append(
                .init(
                    productID: product.id, line: product.sourceLine, item: product.sourceItem,
                    reason: "image link `\(local.link)` is a local path, which only a local feed may use",
                    kind: "local image link in a remote feed"))
            return made
        }
        // Only the alt text depends on the variant: the rest of the listing is the product's,
        // and so is its digest unless the alt text differs.
        let productListing = makesListings ? listing(for: product) : Listing()
        var lastDigest: (altText: String?, digest: Int64)?
        made.jobs.reserveCapacity(variants.count)
        for variant in variants where variant.applies(to: product) {
            if let job = job(for: product, variant: variant, references: references, skips: &made.skips) {
                var listing = productListing
                if makesListings { listing.altText = try? variant.altText?.render(for: product) }
                var digest: Int64?
                if makesListingDigests {
                    if let lastDigest, lastDigest.altText == listing.altText {
                        digest = lastDigest.digest
                    } else {
                        let made = listing.digest(buffer: &listingBytes)
                        digest = made
                        lastDigest = (listing.altText, made)
                    }
                }
                made.jobs.append(MadeJob(job: job, listing: listing, listingDigest: digest))
            }
        }
        return made
    }

    /// Counts a product found current as it stands: each variant that applies to it made an
    /// unchanged job when it was recorded, and would again.
    private func passOver(_ product: Product, as made: inout MadeProduct) {
        for variant in variants where variant.applies(to: product) {
            made.currentJobs += 1
            if makesListingDigests {
                made.currentKeyHashes.append(JobKey(productID: product.id, variantID: variant.id).hashValue)
            }
        }
    }

    /// The job of the product and variant, or `nil` with the reason added to `skips`. Not an
    /// enum of the two: the job was copied into it and out again (3% of a plan's samples).
    private mutating func job(
        for product: Product, variant prepared: PreparedVariant, references: [ReferenceImage],
        skips: inout [Plan.SkippedProduct]
    ) -> Job? {
        let variant = prepared.variant
        let settings = prepared.settings
        promptBytes.removeAll(keepingCapacity: true)
        do {
            try prepared.prompt.render(for: product, appendingTo: &promptBytes)
        } catch {
            skips.append(
                .init(
                    productID: product.id, variantID: prepared.id, line: product.sourceLine, item: product.sourceItem,
                    reason: "prompt for \(prepared.id): \(error)",
                    kind: error.isEmpty ? "`{{\(error.name)}}` is empty" : "`{{\(error.name)}}` does not exist"))
            return nil
        }
        let prompt = String(decoding: promptBytes, as: UTF8.self)
        let limit = PromptRules.maxCodePoints(model: settings.model)
        // A prompt's code points are at most its UTF-8 bytes: most prompts need no count.
        if promptBytes.count > limit, case let codePoints = prompt.unicodeScalars.count, codePoints > limit {
            // The API would refuse it: never sent, skipped with the reason.
            skips.append(
                .init(
                    productID: product.id, variantID: prepared.id, line: product.sourceLine, item: product.sourceItem,
                    reason:
                        "the prompt is \(codePoints) Unicode code points, over the \(limit) \(settings.model) accepts",
                    kind: Planner.promptTooLong))
            return nil
        }
        let fingerprint = JobFingerprint(
            prefix: prepared.fingerprintPrefix, prompt: promptBytes, references: references, buffer: &fingerprintBytes)
        return Job(
            key: JobKey(productID: product.id, variantID: prepared.id), productTitle: product.title,
            variant: variant, prompt: prompt, references: references, settings: settings, fingerprint: fingerprint,
            estimatedCost: prepared.estimate(referenceCount: references.count),
            fileName: try? prepared.fileName?.render(for: product))
    }

    /// The product's own images and the spec's `exports.shopify` handle for it; the alt text is
    /// each variant's (`PreparedVariant.altText`).
    func listing(for product: Product) -> Listing {
        Listing(
            handle: spec.exports.shopify.handle.flatMap { product.templateValue(named: $0) }
                .flatMap { $0.isEmpty ? nil : $0 },
            imageLink: product.imageLink, additionalImageLinks: product.additionalImageLinks.filter { !$0.isEmpty },
            lifestyleImageLinks: CommaSeparatedList.items(in: product.attributes["lifestyle_image_link"] ?? ""),
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
