import ArgumentParser
import CatalogModel
import Foundation
import JobStore

struct StoreBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Commit jobs' whole lifecycle through a SQLite JobStore, the way the dispatcher does.",
        discussion: """
            Each round registers --jobs jobs in one transaction, then commits their transitions (submitting, \
            submitted, completed, stored with the job's provenance) in groups of --group, one transaction each, \
            with the store's own durability (WAL, synchronous = FULL) in a fresh folder. It prints the wall and CPU \
            time per job of each part, and beside them what JSONEncoder alone takes to write the JSON that part \
            stores (the three job columns; the provenance), so its share of the commit path can be read off.
            """)

    @Option(help: "Jobs per round.")
    var jobs = 2000

    @Option(help: "Transitions per commit: the dispatcher's GroupCommitter commits up to 32; 1 commits each alone.")
    var group = 32

    @Option(help: "Rounds, each with a fresh store; the median is printed.")
    var rounds = 5

    @Option(help: "The folder the stores go in (its disk decides the fsyncs); a temporary folder by default.")
    var folder: String?

    func validate() throws {
        guard jobs > 0, group > 0, rounds > 0 else {
            throw ValidationError("--jobs, --group and --rounds must be positive")
        }
    }

    func run() throws {
        let parent = folder.map(URL.init(fileURLWithPath:)) ?? FileManager.default.temporaryDirectory
        let jobs = Self.jobs(jobs)
        var register = Timings()
        var transitions = Timings()
        var provenanceJSON: [Double] = []
        var columnsJSON: [Double] = []
        for round in 0..<rounds {
            let directory = parent.appendingPathComponent("catalog-refresh-store-bench-\(round)")
            try? FileManager.default.removeItem(at: directory)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = try JobStore(path: directory.appendingPathComponent("state.sqlite").path)
            let runID = try store.beginRun(specName: "bench")

            try register.measure(jobs: jobs.count) { try store.register(jobs, runID: runID) }
            try transitions.measure(jobs: jobs.count) {
                for phase in 0..<4 {
                    let steps = jobs.map { Self.transition(phase, of: $0) }
                    for start in stride(from: 0, to: steps.count, by: group) {
                        for result in try store.commit(Array(steps[start..<min(start + group, steps.count)])) {
                            try result.get()
                        }
                    }
                }
            }

            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var bytes = 0
            var started = ContinuousClock.now
            for job in jobs { bytes += try encoder.encode(job).count }
            provenanceJSON.append((ContinuousClock.now - started).seconds / Double(jobs.count) * 1e6)
            started = ContinuousClock.now
            for job in jobs {
                bytes += try encoder.encode(job.variant).count + encoder.encode(job.references).count
                bytes += try encoder.encode(job.settings).count
            }
            columnsJSON.append((ContinuousClock.now - started).seconds / Double(jobs.count) * 1e6)
            precondition(bytes > 0)
        }
        print("\(jobs.count) jobs, median of \(rounds) rounds, per job:")
        register.print("register (the plan's one transaction)", json: columnsJSON.median, what: "the three job columns")
        transitions.print(
            "4 transitions (groups of \(group))", json: provenanceJSON.median, what: "the stored job's provenance")
    }

    /// Wall and CPU time per job of one part, over the rounds.
    private struct Timings {
        var wall: [Double] = []
        var cpu: [Double] = []

        mutating func measure(jobs: Int, _ body: () throws -> Void) rethrows {
            let cpuBefore = ResourceUsage.cpuSeconds()
            let started = ContinuousClock.now
            try body()
            wall.append((ContinuousClock.now - started).seconds / Double(jobs) * 1e6)
            cpu.append((ResourceUsage.cpuSeconds() - cpuBefore) / Double(jobs) * 1e6)
        }

        func print(_ part: String, json: Double, what: String) {
            Swift.print(
                String(
                    format:
                        "  %@: %.1f µs wall, %.1f µs CPU; JSONEncoder alone on %@: %.1f µs (%.0f%% of wall, %.0f%% of CPU)",
                    part, wall.median, cpu.median, what, json, json / wall.median * 100, json / cpu.median * 100))
        }
    }

    /// Jobs shaped like the example specs': a templated prompt, two variant axes with text
    /// fields, a main and an additional reference image.
    static func jobs(_ count: Int) -> [Job] {
        (1...count).map { index in
            let references = (0..<2).map { image in
                let link = "https://cdn.example.com/products/\(index)/\(image).jpg"
                return ReferenceImage(link: link, location: link)
            }
            return Job(
                key: JobKey(productID: "SKU-\(index)", variantID: "background=marble,season=winter"),
                productTitle: "Product \(index), deluxe \"edition\"",
                variant: Variant(options: [
                    VariantOption(axis: "background", id: "marble", fields: ["text": "on a marble countertop"]),
                    VariantOption(axis: "season", id: "winter", fields: ["text": "with snow in soft light"]),
                ]),
                prompt: "Product \(index), deluxe \"edition\" by Brand \(index % 50) (Type \(index % 12)) on a marble "
                    + "countertop, with snow in soft light. Keep the product exactly as in the reference photos.",
                references: references, settings: ImageSettings(size: "1:1", quality: "medium"),
                estimatedCost: Money(usd: 0.0126))
        }
    }

    static func transition(_ phase: Int, of job: Job) -> JobTransition {
        let task = "task-\(job.key.productID)"
        switch phase {
        case 0: return .submitting(job.key, idempotencyKey: "key-\(job.key.productID)", imageURLs: [])
        case 1: return .submitted(job.key, taskID: task)
        case 2: return .completed(job.key, resultURLs: ["https://files.example.com/\(task)/0.png"])
        default:
            return .stored(
                job,
                OutputRecord(
                    path: "images/\(job.key.productID)/marble-winter.png",
                    sha256: SHA256.hash(Array(task.utf8)).hex, format: "png", width: 1024, height: 1024,
                    bytes: 1_200_000, taskID: task, fingerprint: job.fingerprint.hex))
        }
    }
}

extension Array where Element == Double {
    fileprivate var median: Double {
        let sorted = self.sorted()
        return sorted.isEmpty ? 0 : (sorted[(sorted.count - 1) / 2] + sorted[sorted.count / 2]) / 2
    }
}
