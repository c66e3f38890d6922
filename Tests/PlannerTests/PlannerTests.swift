import CatalogModel
import PipelineSpec
import Testing

@testable import Planner

struct PlannerTests {
    let spec: PipelineSpec = twoBackgroundsSpec(
        prompt: "{{title}}{{#brand}} by {{brand}}{{/brand}}, {{background.text}} ({{product_type}})",
        """
        references:
          - image_link
          - additional_image_links[0]
        image:
          quality: low
        """)

    let products = [
        Product(
            id: "A", title: "Mug", brand: "Kiln", imageLink: "images/a.png",
            additionalImageLinks: ["https://x.test/a2.png"], productType: "Mugs"),
        Product(id: "B", title: "Lamp", brand: "", imageLink: "https://x.test/b.png", productType: "Lamps"),
    ]

    func plan(_ products: [Product], index: any FingerprintIndex = .empty) throws -> Plan {
        var planner = Planner(spec: spec, index: index, linkBaseDirectory: "/feeds")
        for product in products { try planner.add(product) }
        return try planner.finish()
    }

    @Test func everyProductTimesEveryVariantIsOneJob() throws {
        let plan = try plan(products)
        #expect(
            plan.entries.map(\.job.key.description) == [
                "A [background=marble]", "A [background=teal]", "B [background=marble]", "B [background=teal]",
            ])
        #expect(plan.count(.new) == 4)
        #expect(plan.entries[0].job.prompt == "Mug by Kiln, on marble (Mugs)")
        // An empty brand drops its section instead of leaving "by ,".
        #expect(plan.entries[2].job.prompt == "Lamp, on marble (Lamps)")
    }

    /// Every job planned carries the fingerprint its settings, prompt and references make, and
    /// every one to generate is handed on by where it writes.
    @Test func everyPlannedJobCarriesItsFingerprint() throws {
        var planner = Planner(spec: spec, index: .empty, linkBaseDirectory: "/feeds")
        var toGenerate: [OutputName] = []
        planner.onOutputsToGenerate = { toGenerate += $0 }
        for product in products { try planner.add(product) }
        let plan = try planner.finish()
        #expect(toGenerate == plan.entries.map(\.job.outputName))
        #expect(toGenerate.count == 4)
        for job in plan.entries.map(\.job) {
            #expect(job.fingerprint.hex.count == 64)
            #expect(
                job.fingerprint
                    == JobFingerprint(settings: job.settings, prompt: job.prompt, references: job.references))
        }
    }

    /// `plan` never looks for products gone from the feed: it holds no hash of every id.
    @Test func aPlanThatRecordsNoProductIDsHoldsNone() throws {
        var planner = Planner(spec: spec, index: .empty, linkBaseDirectory: "/feeds", keeps: nil)
        planner.recordsProductIDs = false
        for product in products { try planner.add(product) }
        let plan = try planner.finish()
        #expect(plan.productIDHashes.isEmpty)
        #expect(plan.productsRead == 2 && plan.count(.new) == 4)
        #expect(try self.plan(products).productIDHashes == Set(products.map(\.id.hashValue)))
    }

    /// The maker a plan copies for its making thread hashes ids exactly when the plan records
    /// them: set first, the copy follows.
    @Test(arguments: [true, false]) func theMakingThreadsMakerHashesIDsAsThePlanRecordsThem(records: Bool) {
        var planner = Planner(spec: spec, index: .empty, linkBaseDirectory: "/feeds", keeps: nil)
        planner.recordsProductIDs = records
        var maker = planner.maker.forAnotherThread()
        for product in products {
            #expect(maker.make(product).productIDHash == (records ? product.id.hashValue : nil))
        }
    }

    /// The variants a maker reads unretained are the ones it holds: a copy for another thread
    /// makes variants of its own, and must point at those, not at the original's.
    @Test func aMakersUnretainedVariantsAreTheOnesItHolds() {
        let planner = Planner(spec: spec, index: .empty, linkBaseDirectory: "/feeds", keeps: nil)
        let copy = planner.maker.forAnotherThread()
        for maker in [planner.maker, copy] {
            #expect(maker.unretainedVariants.count == maker.variants.count)
            for (unretained, held) in zip(maker.unretainedVariants, maker.variants) {
                #expect(unretained.takeUnretainedValue() === held)
            }
        }
        #expect(!zip(copy.variants, planner.maker.variants).contains { $0 === $1 })
    }

    @Test func localReferencesResolveAgainstTheFeedFolderAndMissingExtrasAreSkipped() throws {
        let plan = try plan(products)
        #expect(
            plan.entries[0].job.references == [
                ReferenceImage(link: "images/a.png", location: "/feeds/images/a.png"),
                ReferenceImage(link: "https://x.test/a2.png", location: "https://x.test/a2.png"),
            ])
        #expect(plan.entries[2].job.references.map(\.link) == ["https://x.test/b.png"])
    }

    @Test func storedFingerprintsMakeJobsUnchangedAndEditsMakeThemChanged() throws {
        let first = try plan(products)
        let index = InMemoryFingerprintIndex(
            Dictionary(uniqueKeysWithValues: first.entries.map { ($0.job.key, $0.job.fingerprint) }))
        let again = try plan(products, index: index)
        #expect(again.count(.unchanged) == 4)
        #expect(again.count(.new) + again.count(.changed) == 0)
        #expect(again.estimatedCost == .zero)

        var edited = products
        edited[1].title = "Desk Lamp"
        let afterEdit = try plan(edited, index: index)
        #expect(afterEdit.entries.filter { $0.change == .changed }.map(\.job.key.productID) == ["B", "B"])
        #expect(afterEdit.count(.unchanged) == 2)
    }

    @Test func aProductMissingAFieldThePromptNeedsIsSkippedWithTheReason() throws {
        let plan = try plan([Product(id: "C", title: "Pot", imageLink: "https://x.test/c.png")])
        #expect(plan.entries.isEmpty)
        #expect(
            plan.skipped.map(\.reason) == [
                "prompt for background=marble: `{{product_type}}` is empty; wrap optional text in {{#product_type}}…{{/product_type}}",
                "prompt for background=teal: `{{product_type}}` is empty; wrap optional text in {{#product_type}}…{{/product_type}}",
            ])
    }

    /// A skip names the product's line, and its item among an XML feed's items (a feed on one
    /// line has them all on line 2).
    @Test func aSkipKeepsTheProductsLineAndItem() throws {
        let plan = try plan([Product(id: "C", title: "Pot", sourceLine: 2, sourceItem: 7)])
        #expect(plan.skipped.map(\.line) == [2])
        #expect(plan.skipped.map(\.item) == [7])
    }

    @Test func aRemoteFeedMayNotNameLocalFiles() throws {
        var planner = Planner(spec: spec, index: .empty, linkBaseDirectory: "/feeds", allowsLocalFiles: false)
        try planner.add(Product(id: "X", title: "t", imageLink: "/etc/passwd", productType: "p"))
        try planner.add(Product(id: "Y", title: "t", imageLink: "https://x.test/y.png", productType: "p"))
        let plan = try planner.finish()
        #expect(plan.skipped.map(\.productID) == ["X"])
        #expect(plan.entries.map(\.job.key.productID) == ["Y", "Y"])
    }

    @Test func costIsEstimatedPerJobFromThePriceTable() throws {
        let plan = try plan(products)
        // low 1K is $0.0054, plus $0.0072 per reference image.
        #expect(plan.entries[0].job.estimatedCost == Money(usd: 0.0054 + 2 * 0.0072))
        #expect(plan.entries[2].job.estimatedCost == Money(usd: 0.0054 + 0.0072))
        #expect(plan.estimatedCost == Money(usd: 2 * (0.0054 + 2 * 0.0072) + 2 * (0.0054 + 0.0072)))
        #expect(
            CostEstimator.estimate(
                ImageSettings(model: "gpt-image-2-beta", resolution: "4K", quality: nil), referenceCount: 3)
                == Money(usd: 0.039))
    }
}

struct PlannerTemplateTests {
    @Test func fileNamesAndReferenceLinksComeFromTemplates() throws {
        let yaml = """
            version: 1
            feed:
              source: feed.csv
            variants:
              background:
                - id: marble
                  text: on marble
            prompt: "{{title}} {{background.text}}"
            references:
              - template: "https://cdn.test/{{id}}/main.jpg"
            output:
              folder: out
              file_name: "{{brand}}/{{id}}-{{variant}}"
              public_base_url: https://images.test/catalog/

            """
        let spec = try SpecLoader.parse(yaml: yaml, file: "spec.yml", baseDirectory: "/specs")
        #expect(spec.output.publicBaseURL == "https://images.test/catalog")
        var planner = Planner(spec: spec, index: .empty, linkBaseDirectory: "/feeds")
        try planner.add(Product(id: "A-1", title: "Mug", brand: "Kiln"))
        let job = try #require(try planner.finish().entries.first?.job)
        #expect(
            job.references == [
                ReferenceImage(link: "https://cdn.test/A-1/main.jpg", location: "https://cdn.test/A-1/main.jpg")
            ])
        #expect(job.fileName == "Kiln/A-1-marble")
        var renamed = job
        renamed.fileName = nil
        #expect(renamed.fingerprint == job.fingerprint, "a file name is not part of the fingerprint")
    }
}

/// Why each product runs again, merged over its variants.
struct ProductChangeTests {
    func entry(_ product: String, _ variant: String, _ change: Plan.Change, _ reasons: [String] = []) -> Plan.Entry {
        Plan.Entry(
            job: Job(
                key: JobKey(productID: product, variantID: variant), productTitle: product,
                variant: Variant(options: []), prompt: "p", references: [],
                settings: ImageSettings(size: "1:1", resolution: "1K", quality: "low"), estimatedCost: .zero),
            change: change, reasons: reasons)
    }

    @Test func mergesVariantsAndKeepsTheOrderMet() {
        let changes = ProductChange.of([
            entry("B", "x", .new), entry("A", "x", .changed, ["prompt"]), entry("B", "y", .new),
            entry("A", "y", .changed, ["references", "prompt"]), entry("C", "x", .unchanged),
            entry("D", "x", .unchanged), entry("D", "y", .new),
        ])
        #expect(
            changes == [
                ProductChange(productID: "B", kind: .new, reasons: [], variants: ["x", "y"]),
                ProductChange(
                    productID: "A", kind: .changed, reasons: ["prompt", "references"], variants: ["x", "y"]),
                ProductChange(productID: "C", kind: .forced, reasons: [], variants: ["x"]),
                ProductChange(productID: "D", kind: .new, reasons: [], variants: ["x", "y"]),
            ])
        #expect(ProductChange.line(changes) == "B new, A changed (prompt, references), C forced, D new")
        #expect(ProductChange.line(changes, limit: 2) == "B new, A changed (prompt, references), … and 2 more")
    }

    /// A plan that keeps only the first products to generate still counts them all, and merges the
    /// variants of the last one it keeps.
    @Test func aPlanKeepsTheFirstChangesAndCountsTheRest() throws {
        var planner = Planner(
            spec: twoBackgroundsSpec(prompt: "{{title}}, {{background.text}}"), index: .empty,
            linkBaseDirectory: "/feeds", keeps: nil)
        planner.keptChanges = 2
        for index in 0..<5 {
            try planner.add(Product(id: "P-\(index)", title: "Mug", imageLink: "https://x.test/\(index).png"))
        }
        let plan = try planner.finish()
        #expect(plan.changedProducts == 5)
        #expect(plan.changes.map(\.productID) == ["P-0", "P-1"])
        #expect(
            plan.changes.map(\.variants) == [
                ["background=marble", "background=teal"], ["background=marble", "background=teal"],
            ])
        #expect(ProductChange.line(plan.changes, total: plan.changedProducts) == "P-0 new, P-1 new, … and 3 more")
    }
}
