import AssetStorage
import CatalogModel
import Testing

/// The plan's path check keeps one entry per product for jobs named by default and turns to one
/// path per job when that cannot tell: either way it finds exactly the collisions that comparing
/// every job's path (ignoring case) finds, and names the same two jobs.
struct OutputPathsTests {
    func job(_ id: String, _ variant: String = "background=marble", fileName: String? = nil) -> Job {
        var job = Job(
            key: JobKey(productID: id, variantID: variant), productTitle: id, variant: Variant(options: []),
            prompt: "p", references: [], settings: ImageSettings(), estimatedCost: .zero)
        job.fileName = fileName
        return job
    }

    /// The reference: every job's path, lower-cased, in one dictionary.
    func naive(_ jobs: [Job]) -> OutputPathCollision? {
        var owners: [String: JobKey] = [:]
        for job in jobs {
            let stem = OutputNaming.relativeStem(for: job)
            if let owner = owners.updateValue(job.key, forKey: stem.lowercased()), owner != job.key {
                return OutputPathCollision(first: owner, second: job.key, path: stem)
            }
        }
        return nil
    }

    @Test func variantsWhosePathsDifferOnlyInCaseCollide() {
        let jobs = [job("A", "background=Forest"), job("A", "background=forest")]
        #expect(OutputPathCollision.first(in: jobs)?.path == "images/A/forest")
    }

    @Test func productsWhosePathsDifferOnlyInCaseCollideOnlyWhereTheirVariantsMeet() {
        var paths = OutputPathCollision.Paths()
        #expect(paths.firstCollision(adding: [job("Mug", "background=a"), job("MUG", "background=b")]) == nil)
        #expect(
            paths.firstCollision(adding: [job("x"), job("MUG", "background=a")])
                == OutputPathCollision(
                    first: JobKey(productID: "Mug", variantID: "background=a"),
                    second: JobKey(productID: "MUG", variantID: "background=a"), path: "images/MUG/a"))
    }

    /// `é` and `e` + U+0301 are one text to `==` but two ids on disk (their folders carry a hash
    /// of the id's bytes): each keeps its own entry, and an id spelled as the second's folder
    /// meets it.
    @Test func twoSpellingsOfOneTextAreTwoIdsWithTwoFolders() {
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        let folder = OutputNaming.safeComponent(decomposed)
        #expect(folder != OutputNaming.safeComponent(composed))
        let jobs = [job(composed), job(decomposed), job(folder)]
        let expected = naive(jobs)
        #expect(expected?.first.productID.utf8.elementsEqual(decomposed.utf8) == true)
        #expect(OutputPathCollision.first(in: jobs) == expected)
    }

    @Test func aFileNameMeetsAPathNamedByDefault() {
        let jobs = [job("A"), job("B"), job("C", fileName: "a/MARBLE")]
        #expect(
            OutputPathCollision.first(in: jobs)
                == OutputPathCollision(first: jobs[0].key, second: jobs[2].key, path: "images/a/MARBLE"))
    }

    @Test func moreVariantsThanBitsAreStillCheckedExactly() {
        let many = (0..<70).map { job("A", "background=v\($0)") }
        #expect(OutputPathCollision.first(in: many) == nil)
        #expect(OutputPathCollision.first(in: many + [job("a", "background=v69")])?.first == many[69].key)
    }

    /// Seeded random catalogs of ids that clash by case and by sanitising, variants that clash
    /// by case, and now and then a file name: batch by batch, the same answer as the reference.
    @Test(arguments: 0..<40)
    func findsWhatComparingEveryPathFinds(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed))
        let ids = ["a", "A", "b", "B", "a/b", "a_b-fb1fb0bd", "c.d", ".c", "é"]
        let variants = ["background=x", "background=X", "background=y", "background=z,season=w"]
        let fileNames: [String?] = [nil, nil, nil, nil, nil, nil, "a/x", "B/y", "shared"]
        let catalog = (0..<12).map { _ in
            job(
                ids.randomElement(using: &random) ?? "a", variants.randomElement(using: &random) ?? "",
                fileName: seed % 2 == 0 ? nil : fileNames.randomElement(using: &random) ?? nil)
        }
        var seen: Set<JobKey> = []
        let jobs = catalog.filter { seen.insert($0.key).inserted }
        var paths = OutputPathCollision.Paths()
        var found: OutputPathCollision?
        for start in stride(from: 0, to: jobs.count, by: 3) where found == nil {
            found = paths.firstCollision(adding: jobs[start..<min(start + 3, jobs.count)])
        }
        #expect(found == naive(jobs), "\(jobs.map(\.key))")
    }

    /// Thousands of products grow the per-product table many times over: an id that clashes by
    /// case with one from before each growth is still found, and a catalog without one finds
    /// nothing.
    @Test(arguments: [nil, 0, 767, 768, 3_000, 5_999] as [Int?])
    func aCatalogThatGrowsTheTableFindsWhatComparingEveryPathFinds(clashingWith earlier: Int?) {
        var jobs = (0..<6_000).flatMap { [job("SKU-\($0)", "background=x"), job("SKU-\($0)", "background=y")] }
        if let earlier { jobs.append(job("sku-\(earlier)", "background=y")) }
        var paths = OutputPathCollision.Paths()
        var found: OutputPathCollision?
        for start in stride(from: 0, to: jobs.count, by: 512) where found == nil {
            found = paths.firstCollision(adding: jobs[start..<min(start + 512, jobs.count)])
        }
        #expect(found == naive(jobs))
        #expect((found == nil) == (earlier == nil))
    }
}
