import CatalogModel
import PipelineSpec

/// A variant with what all its jobs share, made once per plan: its id, image settings, the
/// conditions of its entries' `only`, and the prompt, alt text and file name templates bound to
/// its values (`BoundTemplate`). A plan of a million products renders each template two million
/// times; names are looked up here, never per job.
///
/// A class: a plan walks the variants for every product, and a struct's copy retained and
/// released each of its dozen references (2.4% of a plan's samples).
final class PreparedVariant: Sendable {
    let variant: Variant
    let id: String
    let settings: ImageSettings
    /// What every fingerprint of the variant's jobs starts with (`JobFingerprint.prefix`).
    let fingerprintPrefix: [UInt8]
    /// A job's estimate and its range by its number of references: at most one per reference
    /// rule.
    private let estimates: [Money]
    private let ranges: [ClosedRange<Money>]
    /// Whether the variant's model bills per call (`PlannedCost.billsPerCall`).
    let billsPerCall: Bool
    /// The most code points a prompt may have for the variant's model (`PromptRules`).
    let promptLimit: Int
    /// The conditions of the variant's entries that restrict which products it applies to.
    private let conditions: [ProductCondition]
    let prompt: BoundTemplate
    let altText: BoundTemplate?
    let fileName: BoundTemplate?

    init(_ variant: Variant, spec: PipelineSpec) {
        self.variant = variant
        id = variant.id
        settings = spec.imageSettings(for: variant)
        fingerprintPrefix = JobFingerprint.prefix(settings)
        estimates = (0...spec.references.count).map { [settings] in
            CostEstimator.estimate(settings, referenceCount: $0)
        }
        ranges = (0...spec.references.count).map { [settings] in
            CostEstimator.range(settings, referenceCount: $0)
        }
        billsPerCall = settings.model == CostEstimator.perCallModel
        promptLimit = PromptRules.maxCodePoints(model: settings.model)
        conditions = spec.variantAxes.compactMap { axis in
            variant.option(forAxis: axis.name).flatMap { axis.restrictions[$0.id] }
        }
        prompt = BoundTemplate(spec.prompt) { Self.source(of: $0, variant: variant, blankAttributeIsEmpty: true) }
        altText = spec.exports.shopify.alt.map { alt in
            BoundTemplate(alt) { Self.source(of: $0, variant: variant, blankAttributeIsEmpty: true) }
        }
        let optionIDs = variant.options.map(\.id).joined(separator: "-")
        fileName = spec.output.fileName.map { template in
            BoundTemplate(template) { name in
                name == "variant"
                    ? .constant(optionIDs) : Self.source(of: name, variant: variant, blankAttributeIsEmpty: false)
            }
        }
    }

    func estimate(referenceCount: Int) -> Money {
        referenceCount < estimates.count
            ? estimates[referenceCount] : CostEstimator.estimate(settings, referenceCount: referenceCount)
    }

    func range(referenceCount: Int) -> ClosedRange<Money> {
        referenceCount < ranges.count
            ? ranges[referenceCount] : CostEstimator.range(settings, referenceCount: referenceCount)
    }

    /// Whether every entry of the variant that names a condition (`only`) accepts the product.
    func applies(to product: Product) -> Bool {
        conditions.allSatisfy { $0.matches(product) }
    }

    /// Where `{{name}}` comes from for this variant: the product's field or attribute first,
    /// then the variant's own fields. With `blankAttributeIsEmpty`, an attribute this product
    /// lacks is empty, not missing: that the column exists at all is checked against the whole
    /// feed (`PipelineSpec.diagnostics(forFeedAttributes:)`).
    static func source(of name: String, variant: Variant, blankAttributeIsEmpty: Bool) -> TemplateValueSource {
        if let field = Product.Field(rawValue: name) { return .field(field) }
        let variantValue = variant.templateValue(named: name)
        if name.hasPrefix("attributes.") {
            return .attribute(
                String(name.dropFirst("attributes.".count)),
                otherwise: variantValue ?? (blankAttributeIsEmpty ? "" : nil))
        }
        return .constant(variantValue)
    }
}
