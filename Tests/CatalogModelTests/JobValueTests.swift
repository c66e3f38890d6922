import CatalogModel
import Foundation
import Testing

/// `Job` keeps its fields in one shared box (a plan copies two million jobs between threads):
/// it must still behave as a value, each copy changed on its own.
struct JobValueTests {
    let job = Job(
        key: JobKey(productID: "SKU-1", variantID: "background=marble"), productTitle: "Mug",
        variant: Variant(options: []), prompt: "a mug on marble",
        references: [ReferenceImage(link: "a.png", location: "/feeds/a.png")],
        settings: ImageSettings(model: "gpt-image-2", size: "1:1", resolution: "1K", quality: "low"),
        estimatedCost: Money(micros: 9_000))

    @Test func changingACopyLeavesTheOriginalAsItWas() {
        var copy = job
        copy.prompt = "a mug on teal"
        copy.key.variantID = "background=teal"
        copy.fileName = "mugs/teal"
        copy.references.append(ReferenceImage(link: "b.png", location: "/feeds/b.png"))
        copy.settings.quality = "high"
        copy.fingerprint = JobFingerprint(hex: "")
        copy.estimatedCost = .zero
        copy.productTitle = "Cup"
        #expect(job.prompt == "a mug on marble")
        #expect(job.key.variantID == "background=marble")
        #expect(job.fileName == nil)
        #expect(job.references.count == 1)
        #expect(job.settings.quality == "low")
        #expect(job.fingerprint.hex.count == 64)
        #expect(job.estimatedCost == Money(micros: 9_000))
        #expect(job.productTitle == "Mug")
        #expect(copy != job)
    }

    @Test func equalFieldsAreEqualJobsWithEqualHashes() {
        let twin = Job(
            key: job.key, productTitle: job.productTitle, variant: job.variant, prompt: job.prompt,
            references: job.references, settings: job.settings, estimatedCost: job.estimatedCost)
        #expect(twin == job)
        #expect(twin.hashValue == job.hashValue)
        var renamed = twin
        renamed.fileName = "mug"
        #expect(renamed != job)
        renamed.fileName = nil
        #expect(renamed == job)
    }

    /// Copies handed to other threads and changed there never see each other's changes.
    @Test func copiesChangedOnManyThreadsStayApart() async {
        let prompts = await withTaskGroup(of: String.self) { group in
            for index in 0..<64 {
                group.addTask { [job] in
                    var mine = job
                    mine.prompt = "prompt \(index)"
                    return mine.prompt
                }
            }
            return await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(prompts.count == 64)
        #expect(job.prompt == "a mug on marble")
    }

    @Test func itsJSONRoundTrips() throws {
        var named = job
        named.fileName = "mugs/marble"
        for value in [job, named] {
            let data = try JSONEncoder().encode(value)
            #expect(try JSONDecoder().decode(Job.self, from: data) == value)
        }
        let text = String(decoding: try JSONEncoder().encode(job), as: UTF8.self)
        #expect(!text.contains("fileName"))
    }
}
