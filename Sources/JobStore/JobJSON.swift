import CatalogModel

/// A job as JSON (the shape `Job`'s `Codable` conformance reads, keys sorted), written by hand:
/// every stored result records its job's provenance, and `JSONEncoder` took longer over that
/// than SQLite took over the whole commit. `JobJSONTests` decodes it back for every field.
enum JobJSON {
    static func text(for job: Job) -> String {
        let q = JSONText.quoted
        let references =
            "["
            + job.references.map { "{\"link\":\(q($0.link)),\"location\":\(q($0.location))}" }
            .joined(separator: ",") + "]"
        let settings = JSONText.object([
            "model": q(job.settings.model), "quality": job.settings.quality.map(q),
            "resolution": q(job.settings.resolution),
            "size": q(job.settings.size),
        ])
        let options = job.variant.options.map { option in
            let fields =
                "{"
                + option.fields.keys.sorted().map { "\(q($0)):\(q(option.fields[$0] ?? ""))" }
                .joined(separator: ",") + "}"
            return "{\"axis\":\(q(option.axis)),\"fields\":\(fields),\"id\":\(q(option.id))}"
        }
        return JSONText.object([
            "estimatedCost": "{\"micros\":\(job.estimatedCost.micros)}",
            "fileName": job.fileName.map(q),
            "fingerprint": "{\"hex\":\(q(job.fingerprint.hex))}",
            "key": "{\"productID\":\(q(job.key.productID)),\"variantID\":\(q(job.key.variantID))}",
            "productTitle": q(job.productTitle),
            "prompt": q(job.prompt),
            "references": references,
            "settings": settings,
            "variant": "{\"options\":[" + options.joined(separator: ",") + "]}",
        ])
    }
}
