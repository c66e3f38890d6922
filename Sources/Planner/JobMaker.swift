import CatalogModel
import Foundation
import PipelineSpec

/// The half of planning that needs nothing but the product and the spec: which variants apply,
/// each job's prompt, references, settings, fingerprint and estimate, its listing, and why a
/// product or variant is skipped. It never reads the store, so any thread can make the jobs
/// while another compares them with the store (`Planner.absorb`): `plan` and `run` make them on
/// the comparing thread and, when that thread is behind, on the feed's reader, a maker each.
public struct JobMaker: Sendable {
    public let spec: PipelineSpec
    /// Relative local image links resolve against this folder (the feed's).
    public let linkBaseDirectory: String
    /// Whether links may name local files. Only a local feed may: a remote feed must never make
    /// the tool read (and upload) files from this machine.
    public let allowsLocalFiles: Bool
    /// Whether each job's listing is made (kept or compared with the store); otherwise empty.
    let makesListings: Bool
    /// Whether each listing's digest is made here, as the jobs are made, for the comparing thread.
    let makesListingDigests: Bool
    /// Each variant with what its jobs share, made once (`PreparedVariant`); a made job names
    /// its own by its place here (`MadeJob.variantSlot`).
    private(set) var variants: [PreparedVariant] {
        didSet { unretainedVariants = variants.map(Unmanaged.passUnretained) }
    }
    /// `variants` without their reference counts, for the work done per job
    /// (`_withUnsafeGuaranteedRef` in `make(_:into:)` and `Planner.flush`): `variants` keeps each
    /// one alive as long as the maker. So `variants` is set only where no unretained variant is
    /// in use: in `init` and in `forAnotherThread`'s new copy, never while a product is made or
    /// a batch compared. Read from the array, every job retained and released its
    /// variant, the variant's prompt and its fingerprint prefix, and the plan its variant again:
    /// 7% of a plan's samples, and 1–4% of its time.
    private(set) var unretainedVariants: [Unmanaged<PreparedVariant>]
    /// The products found current by earlier runs, passed over; `nil` to plan every product.
    let currentProducts: CurrentProducts?
    /// The bytes of the last fingerprint made and the digest's context, reused for all, and the
    /// bytes of a drafted job's fingerprint held to be hashed with the next one's (`heldJob`);
    /// the listing's and the product's digests have a buffer each too.
    private var fingerprintScratch = JobFingerprint.Scratch()
    /// The last prompt rendered: its fingerprint hashes these bytes, and its string is made from them once.
    private var promptBytes: [UInt8] = []
    /// What the fingerprints of the product's jobs end with (`JobFingerprint.appendSuffix`).
    private var suffixBytes: [UInt8] = []
    /// The links of the last product's references (`forEachReferenceLink`).
    private var referenceLinks: [String] = []
    private var listingBytes: [UInt8] = []
    private var productBytes: [UInt8] = []
    /// The place in the product's jobs of a drafted job whose fingerprint is held, to be hashed
    /// with the next one's (`JobFingerprint.Scratch.holdFingerprint`).
    private var heldJob: Int?
    /// Jobs made so far: no product is passed over before the plan has its samples.
    private var jobsMade = 0
    /// Whether jobs are only drafted (`MadeJob.entry` is `nil`): the fingerprint, output name
    /// and estimate the plan counts every job by, not the prompt's string and the job's box. On
    /// when nothing keeps, compares or hands on every job (`plan`); the plan makes in full only
    /// the jobs it shows and the changed ones, whose reasons compare prompts
    /// (`job(for:slot:references:fingerprint:)`).
    var draftsJobs: Bool
    /// Whether each made product carries its id's hash (`MadeProduct.productIDHash`): only a
    /// plan that records product ids reads it (`Planner.recordsProductIDs`, which sets this).
    var hashesProductIDs = true

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
        let variants = spec.variants.map { PreparedVariant($0, spec: spec) }
        self.variants = variants
        unretainedVariants = variants.map(Unmanaged.passUnretained)
        draftsJobs = !self.makesListings
    }

    /// A maker like this one with variants of its own, for another thread than this one's: two
    /// threads that retain one object pass its reference count's cache line back and forth.
    public func forAnotherThread() -> JobMaker {
        var copy = self
        copy.variants = spec.variants.map { PreparedVariant($0, spec: spec) }
        return copy
    }

    /// The product's jobs and skips, in variant order.
    public mutating func make(_ product: consuming Product) -> MadeProduct {
        var made = MadeProduct(productIDHash: nil)
        make(product, into: &made)
        return made
    }

    /// Each product of a hand-off's batch made into its place in the result. Each is taken out
    /// (`nil` left in its place, which holds nothing to release) and released or kept at once.
    /// Reversing the batch to pop it copied every product; releasing the whole batch afterwards,
    /// out of the cache, cost a third more; an empty product put in its place was a copy of its
    /// 350 bytes and a retain of each of its arrays; and a made product returned was copied twice.
    public mutating func make(batch products: inout [Product?]) -> [MadeProduct] {
        var made: [MadeProduct] = []
        made.reserveCapacity(products.count)
        for index in products.indices {
            guard let product = products[index].take() else { continue }
            made.append(MadeProduct(productIDHash: nil))
            make(product, into: &made[made.count - 1])
        }
        return made
    }

    /// Whether the plan's samples are among the jobs made so far: from then on a product found
    /// current is passed over, not made.
    public var hasMadeSamples: Bool { jobsMade >= Plan.keptSamples }

    /// For a maker given products after those another maker made the plan's samples from (the
    /// feed's reader, helping the comparing thread): it passes over current products from the first.
    public mutating func followsMadeSamples() {
        jobsMade = max(jobsMade, Plan.keptSamples)
    }

    /// `make(_:)` into `made`, a product with nothing made yet: in place, where the caller keeps
    /// it (a hand-off's batch). `make(_:)` returned each product's 450 bytes and the batch copied
    /// them again.
    public mutating func make(_ product: consuming Product, into made: inout MadeProduct) {
        precondition(heldJob == nil, "a fingerprint held for another product's job")
        if hashesProductIDs { made.productIDHash = product.id.hashValue }
        if let selection = spec.selection, !selection.matches(product) { return }
        made.isSelected = true
        // A digest serves to pass the product over or, when the plan compares all that makes a
        // product current, to record it: neither for `plan` on a store that records none.
        if let currentProducts, makesListingDigests || !currentProducts.stored.isEmpty {
            let digest = currentProducts.digest(of: product, buffer: &productBytes)
            if !currentProducts.stored.contains(digest) {
                made.digestToRecord = digest
            } else if jobsMade >= Plan.keptSamples {
                passOver(product, as: &made)
                return
            } else {
                made.isRecordedCurrent = true
            }
        }
        // Every job needs its references' links: their number and their bytes (the fingerprint's
        // suffix, `JobFingerprint.appendSuffix`). Only a job made in full, and a remote feed's
        // check for local paths, need them resolved (`ReferenceImage`): an array, two strings
        // and a resolution per product that a drafted plan of a local feed never reads.
        referenceLinks.removeAll(keepingCapacity: true)
        Self.forEachReferenceLink(of: product, rules: spec.references) { referenceLinks.append($0) }
        guard !referenceLinks.isEmpty else {
            made.skips.append(
                .init(
                    productID: product.id, line: product.sourceLine, item: product.sourceItem,
                    reason: "no reference image"))
            return
        }
        let references = draftsJobs && allowsLocalFiles ? [] : resolved(referenceLinks)
        if !allowsLocalFiles, let local = references.first(where: { !$0.isRemote }) {
            made.skips.append(
                .init(
                    productID: product.id, line: product.sourceLine, item: product.sourceItem,
                    reason: "image link `\(local.link)` is a local path, which only a local feed may use",
                    kind: "local image link in a remote feed"))
            return
        }
        suffixBytes.removeAll(keepingCapacity: true)
        JobFingerprint.appendSuffix(ofLinks: referenceLinks, to: &suffixBytes)
        // Only the alt text depends on the variant: the rest of the listing is the product's,
        // and so is its digest unless the alt text differs.
        let productListing: Listing? = makesListings ? listing(for: product) : nil
        var lastDigest: (altText: String?, digest: Int64)?
        made.jobs.reserveCapacity(variants.count)
        for slot in unretainedVariants.indices {
            // Appended, then completed in place: a job returned was copied twice (its 240 bytes
            // and a retain of each string), into the loop and into the array.
            let appended = unretainedVariants[slot]._withUnsafeGuaranteedRef { variant in
                variant.applies(to: product)
                    && appendJob(
                        for: product, variant: variant, slot: slot, references: references,
                        referenceCount: referenceLinks.count, inFull: !draftsJobs, to: &made.jobs, skips: &made.skips)
            }
            guard appended else { continue }
            let last = made.jobs.count - 1
            guard var entry = made.jobs[last].entry.take() else { continue }
            if let productListing {
                entry.listing = productListing
                entry.listing.altText = try? variants[slot].altText?.render(for: product)
            }
            if makesListingDigests {
                if let lastDigest, lastDigest.altText == entry.listing.altText {
                    made.jobs[last].listingDigest = lastDigest.digest
                } else {
                    let digest = entry.listing.digest(buffer: &listingBytes)
                    made.jobs[last].listingDigest = digest
                    lastDigest = (entry.listing.altText, digest)
                }
                made.jobs[last].keyHash = made.jobs[last].key.hashValue
            }
            made.jobs[last].entry = entry
        }
        if let heldJob {
            made.jobs[heldJob].fingerprint = fingerprintScratch.heldFingerprint()
            self.heldJob = nil
        }
        // Counted here, not in a `defer`: one that read `made` after the return copied it.
        jobsMade += made.jobs.count
        if draftsJobs && !made.jobs.isEmpty { made.product = consume product }
    }

    /// A drafted job of `product` made in full (`draftsJobs`), as it was made at first, with the
    /// `fingerprint` it was drafted with (not hashed again); `nil` if the product and variant
    /// make no job.
    mutating func job(
        for product: Product, slot: Int, references: [ReferenceImage], fingerprint: JobFingerprint
    ) -> Job? {
        var skips: [Plan.SkippedProduct] = []
        var jobs: [MadeJob] = []
        guard
            appendJob(
                for: product, variant: variants[slot], slot: slot, references: references,
                referenceCount: references.count, inFull: true, fingerprint: fingerprint, to: &jobs, skips: &skips)
        else { return nil }
        return jobs.first?.entry?.job
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

    /// Appends the job of the product and the `slot`-th variant to `jobs`, `inFull` or drafted;
    /// `false`, with the reason added to `skips`, if there is none. Its fingerprint is
    /// `fingerprint`, or made with `suffixBytes` as its references' part: hashed here for a job
    /// in full; for a drafted job, held and hashed with the product's next job's, or alone
    /// before `make(_:into:)` returns (until then it holds `fingerprintToCome`). Not an enum of
    /// the two: the job was copied into it and out again (3% of a plan's samples).
    private mutating func appendJob(
        for product: Product, variant prepared: PreparedVariant, slot: Int, references: [ReferenceImage],
        referenceCount: Int, inFull: Bool, fingerprint known: JobFingerprint? = nil, to jobs: inout [MadeJob],
        skips: inout [Plan.SkippedProduct]
    ) -> Bool {
        assert(prepared === variants[slot], "the variant is the slot's")
        promptBytes.removeAll(keepingCapacity: true)
        do {
            try prepared.prompt.render(for: product, appendingTo: &promptBytes)
        } catch {
            skips.append(
                .init(
                    productID: product.id, variantID: prepared.id, line: product.sourceLine, item: product.sourceItem,
                    reason: "prompt for \(prepared.id): \(error)",
                    kind: error.isEmpty ? "`{{\(error.name)}}` is empty" : "`{{\(error.name)}}` does not exist"))
            return false
        }
        let limit = prepared.promptLimit
        // A prompt's code points are at most its UTF-8 bytes: most prompts need no count. The
        // bytes are valid UTF-8 (the template's and the product's strings'), so each code point
        // is one byte that does not continue another.
        if promptBytes.count > limit, case let codePoints = promptBytes.count(where: { $0 & 0xC0 != 0x80 }),
            codePoints > limit
        {
            // The API would refuse it: never sent, skipped with the reason.
            skips.append(
                .init(
                    productID: product.id, variantID: prepared.id, line: product.sourceLine, item: product.sourceItem,
                    reason: "the prompt is \(codePoints) Unicode code points, over the \(limit) "
                        + "\(prepared.settings.model) accepts",
                    kind: Planner.promptTooLong))
            return false
        }
        let fingerprint: JobFingerprint
        if let known {
            fingerprint = known
        } else if inFull {
            fingerprint = JobFingerprint(
                prefix: prepared.fingerprintPrefix, prompt: promptBytes, suffix: suffixBytes,
                scratch: &fingerprintScratch)
        } else if let heldJob {
            // A drafted job's fingerprint is read only once the product is made: two are hashed
            // at once, and an odd one last (`make(_:into:)`).
            let both = fingerprintScratch.fingerprints(
                withHeldAnd: prepared.fingerprintPrefix, prompt: promptBytes, suffix: suffixBytes)
            jobs[heldJob].fingerprint = both.held
            fingerprint = both.this
            self.heldJob = nil
        } else {
            fingerprintScratch.holdFingerprint(
                prefix: prepared.fingerprintPrefix, prompt: promptBytes, suffix: suffixBytes)
            heldJob = jobs.count
            fingerprint = Self.fingerprintToCome
        }
        jobs.append(
            MadeJob(
                outputName: OutputName(
                    key: JobKey(productID: product.id, variantID: prepared.id),
                    fileName: try? prepared.fileName?.render(for: product)),
                fingerprint: fingerprint,
                estimatedCost: prepared.estimate(referenceCount: referenceCount), referenceCount: referenceCount,
                variantSlot: slot))
        if inFull {
            let made = jobs.count - 1
            let job = Job(
                key: jobs[made].outputName.key, productTitle: product.title, variant: prepared.variant,
                prompt: String(decoding: promptBytes, as: UTF8.self), references: references,
                settings: prepared.settings, fingerprint: jobs[made].fingerprint,
                estimatedCost: jobs[made].estimatedCost, fileName: jobs[made].outputName.fileName)
            jobs[made].entry = Plan.Entry(job: job, change: .new)
        }
        return true
    }

    /// What a drafted job holds until its fingerprint is hashed, before `make(_:into:)` returns.
    private static let fingerprintToCome = JobFingerprint(hex: "")

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
        var links: [String] = []
        Self.forEachReferenceLink(of: product, rules: spec.references) { links.append($0) }
        return resolved(links)
    }

    /// Each link with where it is read from.
    private func resolved(_ links: [String]) -> [ReferenceImage] {
        links.map { ReferenceImage(link: $0, location: resolve($0)) }
    }

    /// Each link of the product's reference images, in the order of the spec's rules, empty
    /// ones left out: what `references(for:)` resolves, and all a drafted job needs of them.
    /// Static: a method of the maker that filled one of the maker's own arrays copied the maker.
    private static func forEachReferenceLink(
        of product: Product, rules: [ReferenceRule], _ body: (String) -> Void
    ) {
        for rule in rules {
            let link: String? =
                switch rule {
                case .imageLink: product.imageLink
                case .additionalImage(let index):
                    index < product.additionalImageLinks.count ? product.additionalImageLinks[index] : nil
                case .template(let template): try? template.render { product.templateValue(named: $0) }
                }
            guard let link, !link.isEmpty else { continue }
            body(link)
        }
    }

    private func resolve(_ link: String) -> String {
        if link.hasBytePrefix("http://") || link.hasBytePrefix("https://") || link.hasBytePrefix("/") { return link }
        if link.hasPrefix("file://") { return URL(string: link)?.path ?? link }
        return URL(fileURLWithPath: linkBaseDirectory).appendingPathComponent(link).standardizedFileURL.path
    }
}
