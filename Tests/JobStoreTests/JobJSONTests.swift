import CatalogModel
import Foundation
import Testing

@testable import JobStore

/// The job JSON the store writes reads back, through `Job`'s own `Decodable`, as the same job:
/// every field, optional ones present and absent, and text that needs escaping; and so does
/// what the store wrote before.
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
        let text = try JobJSON.text(for: job)
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

    /// Text exactly as the hand-written writer that came before `JSONEncoder` stored it (raw
    /// UTF-8, `\u0001`, unescaped slashes, no `quality` key for none) reads back as the same job,
    /// so stores written by earlier versions keep working; and the store still writes that text.
    @Test func textFromTheEarlierWriterReadsBack() throws {
        let provenance = #"""
            {"estimatedCost":{"micros":-1},"fileName":"custom/name","fingerprint":{"hex":"0123abcd"},\#
            "key":{"productID":"Ünïcode \"id\"/\\ 😀","variantID":"background=marble,season=winter"},\#
            "productTitle":"Line\nbreak\tand \u0001 control","prompt":"</script> & <b>",\#
            "references":[{"link":"r1.png","location":"https://refs.test/r1.png"},\#
            {"link":"r 2.png","location":"file:///refs/r 2.png"}],\#
            "settings":{"model":"gpt-image-2","resolution":"1K","size":"1:1"},\#
            "variant":{"options":[{"axis":"background","fields":{"a":"é","b":"","id":"marble","text":"on \"marble\""},\#
            "id":"marble"},{"axis":"season","fields":{"id":"winter"},"id":"winter"}]}}
            """#
        // The second of `jobs`, with references and a fingerprint of its own.
        var job = Self.jobs[1]
        job.references = [
            ReferenceImage(link: "r1.png", location: "https://refs.test/r1.png"),
            ReferenceImage(link: "r 2.png", location: "file:///refs/r 2.png"),
        ]
        job.fingerprint = JobFingerprint(hex: "0123abcd")
        let decoder = JSONDecoder()
        #expect(try decoder.decode(Job.self, from: Data(provenance.utf8)) == job)
        #expect(try JobJSON.text(for: job) == provenance)
        // The three column values, as the same writer stored them: the members' text (the
        // variant is the last member).
        func member(_ name: String, before next: String?) throws -> Data {
            let start = try #require(provenance.range(of: "\"\(name)\":")).upperBound
            let end = try next.map { next in
                try #require(provenance.range(of: next, range: start..<provenance.endIndex)).lowerBound
            }
            return Data(provenance[start..<(end ?? provenance.index(before: provenance.endIndex))].utf8)
        }
        #expect(try decoder.decode(Variant.self, from: member("variant", before: nil)) == job.variant)
        #expect(
            try decoder.decode([ReferenceImage].self, from: member("references", before: #","settings""#))
                == job.references)
        #expect(
            try decoder.decode(ImageSettings.self, from: member("settings", before: #","variant""#)) == job.settings)
    }
}
