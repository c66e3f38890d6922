import CatalogModel
import Foundation
import PipelineSpec
import Planner
import Testing

/// A nightly plan passes over products recorded as current (`CurrentProducts`) on the strength
/// of their record and the spec alone: should the tool start making other jobs or listings from
/// them (a prompt rule, a reference rule, a listing field), those products would keep what the
/// old rules made. This pins what the rules make from a spec and products that exercise them.
struct JobRulesPinTests {
    static let spec = plannerTestSpec(
        """
        version: 1
        feed:
          source: feed.csv
        select:
          field: availability
          one_of: [in stock, preorder]
        variants:
          background:
            - id: marble
              text: on marble
            - id: forest
              text: in a forest, morning light
              only:
                field: attributes.season
                exists: true
              image:
                quality: high
          season:
            - id: winter
              text: snow
            - id: summer
              text: sun
          exclude:
            - background: forest
              season: summer
        prompt: "{{title}}{{#brand}} by {{brand}}{{/brand}}, {{background.text}}, {{season.text}}{{#attributes.season}} ({{attributes.season}}){{/attributes.season}}"
        references:
          - image_link
          - additional_image_links[1]
          - template: "https://cdn.test/{{id}}/{{attributes.angle}}.jpg"
        image:
          size: "1:1"
          resolution: 1K
          quality: low
        output:
          folder: out
          file_name: "{{brand}}/{{id}}-{{variant}}"
        exports:
          shopify:
            handle: attributes.handle
            alt: "{{title}}, {{background.id}}"

        """)

    static let products = [
        Product(
            id: "A-1", title: "Mug", brand: "Kiln", imageLink: "images/a.png",
            additionalImageLinks: ["https://x.test/a2.png", "https://x.test/a3.png"], availability: "in stock",
            attributes: [
                "season": "winter", "angle": "side", "handle": "mug", "lifestyle_image_link": " a.jpg, b.jpg ,",
            ]),
        Product(
            id: "B ü|2", title: "Lamp", imageLink: "https://x.test/b.png",
            googleProductCategory: "Apparel & Accessories",
            availability: "preorder", attributes: ["angle": ""]),
        Product(id: "C", title: "Pot", imageLink: "", availability: "in stock"),
        Product(
            id: "D", title: String(repeating: "long ", count: 8_000), imageLink: "https://x.test/d.png",
            availability: "in stock"),
        Product(id: "E", title: "Gone", imageLink: "https://x.test/e.png", availability: "out of stock"),
    ]

    /// Everything the plan made, one line per job or skip.
    static func made() throws -> [String] {
        var planner = Planner(spec: spec, index: .empty, linkBaseDirectory: "/feeds", comparesListings: true)
        for product in products { try planner.add(product) }
        let plan = try planner.finish()
        let jobs = plan.entries.map { entry in
            let job = entry.job
            return [
                job.key.storageKey, job.prompt, job.fingerprint.hex, job.fileName ?? "-", "\(job.estimatedCost.usd)",
                job.references.map { "\($0.link)>\($0.location)" }.joined(separator: " "),
                "\(job.settings)", String(entry.listing.digest), "\(entry.listing)",
            ].joined(separator: " | ")
        }
        let skips = plan.skipped.map { "\($0.productID) \($0.variantID ?? "-") \($0.kind): \($0.reason)" }
        return jobs + skips + ["selected \(plan.productsSelected) of \(plan.productsRead)"]
    }

    @Test func theRulesForMakingJobsArePinned() throws {
        let made = try Self.made()
        var hash = SHA256()
        for line in made { hash.update(line + "\n") }
        // A new value here means products recorded as current would keep what the old rules
        // made: bump `CurrentProducts.version` with it, so every product is planned again.
        #expect(
            CurrentProducts.version + " " + hash.finalize().hex
                == "current-products-v1 5b715eecaca2df96780de24565c694c959468a738190c154dbfd49c9ca2b026a",
            "\(made.joined(separator: "\n"))")
    }
}
