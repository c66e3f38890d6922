import CatalogModel
import Foundation
import Testing

@testable import JobStore

/// The hand-written job JSON reads back, through `Job`'s own `Decodable`, as the same job: every
/// field, optional ones present and absent, and text that needs escaping.
struct JobJSONTests {
    static let jobs: [Job] = {
        var plain = sampleJob("A")
        plain.fileName = nil
        var full = Job(
            key: JobKey(productID: "Ünïcode \"id\"/\\ 😀", variantID: "background=marble,season=winter"),
            productTitle: "Line\nbreak\tand \u{01} control",
            variant: Variant(options: [
                VariantOption(axis: "background", id: "marble", fields: ["text": "on \"marble\"", "b": "", "a": "é"]),
                VariantOption(axis: "season", id: "winter", fields: [:]),
            ]),
            prompt: "</script> & <b>", references: [], settings: ImageSettings(quality: nil),
            estimatedCost: Money(micros: -1))
        full.fileName = "custom/name"
        var many = sampleJob("M")
        many.references = (1...3).map { ReferenceImage(link: "r\($0).png", location: "https://refs.test/r\($0).png") }
        many.settings = ImageSettings(model: "gpt-image-2-beta", size: "16:9", resolution: "2K", quality: "high")
        return [plain, full, many]
    }()

    @Test(arguments: jobs)
    func readsBackAsTheSameJob(_ job: Job) throws {
        let text = JobJSON.text(for: job)
        #expect(try JSONDecoder().decode(Job.self, from: Data(text.utf8)) == job)
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
    }

    /// The pieces the jobs table keeps in their own columns read back too.
    @Test(arguments: jobs)
    func piecesReadBack(_ job: Job) throws {
        let decoder = JSONDecoder()
        #expect(try decoder.decode(Variant.self, from: Data(JobJSON.variant(job.variant).utf8)) == job.variant)
        #expect(
            try decoder.decode([ReferenceImage].self, from: Data(JobJSON.references(job.references).utf8))
                == job.references)
        #expect(try decoder.decode(ImageSettings.self, from: Data(JobJSON.settings(job.settings).utf8)) == job.settings)
    }
}
