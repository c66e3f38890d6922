import CatalogModel

/// A job as JSON (the shape `Job`'s `Codable` conformance reads, keys sorted), written by hand:
/// every stored result records its job's provenance inside its commit, so the encoding is part
/// of every commit's cost. `JobJSONTests` decodes it back for every field.
enum JobJSON {
    private static let q = JSONText.quoted

    static func text(for job: Job) -> String {
        JSONText.object([
            "estimatedCost": "{\"micros\":\(job.estimatedCost.micros)}",
            "fileName": job.fileName.map(q),
            "fingerprint": "{\"hex\":\(q(job.fingerprint.hex))}",
            "key": "{\"productID\":\(q(job.key.productID)),\"variantID\":\(q(job.key.variantID))}",
            "productTitle": q(job.productTitle),
            "prompt": q(job.prompt),
            "references": references(job.references),
            "settings": settings(job.settings),
            "variant": variant(job.variant),
        ])
    }

    static func references(_ references: [ReferenceImage]) -> String {
        "[" + references.map { "{\"link\":\(q($0.link)),\"location\":\(q($0.location))}" }.joined(separator: ",") + "]"
    }

    static func settings(_ settings: ImageSettings) -> String {
        JSONText.object([
            "model": q(settings.model), "quality": settings.quality.map(q), "resolution": q(settings.resolution),
            "size": q(settings.size),
        ])
    }

    static func variant(_ variant: Variant) -> String {
        let options = variant.options.map { option in
            let fields =
                "{"
                + option.fields.keys.sorted().map { "\(q($0)):\(q(option.fields[$0] ?? ""))" }.joined(separator: ",")
                + "}"
            return "{\"axis\":\(q(option.axis)),\"fields\":\(fields),\"id\":\(q(option.id))}"
        }
        return "{\"options\":[" + options.joined(separator: ",") + "]}"
    }
}
