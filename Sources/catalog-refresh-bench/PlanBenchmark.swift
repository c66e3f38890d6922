import ArgumentParser
import CatalogModel
import FeedIngest
import Foundation
import JobStore
import PipelineSpec
import Planner

struct PlanBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Time what `catalog-refresh plan` does on a large feed: load the spec, read the feed, plan every job."
    )

    @Option(help: "Products in the synthetic feed.")
    var products = 100_000

    func run() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-refresh-plan-bench")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let feed = directory.appendingPathComponent("feed.csv").path
        var csv = "id,title,brand,product_type,price,image_link,additional_image_link\n"
        for index in 1...products {
            csv +=
                "SKU-\(index),\"Product \(index), deluxe\",Brand \(index % 50),Type \(index % 12),\(index % 300).50 USD,"
                + "https://cdn.example.com/\(index)/0.jpg,\"https://cdn.example.com/\(index)/1.jpg,https://cdn.example.com/\(index)/2.jpg\"\n"
        }
        try csv.write(toFile: feed, atomically: true, encoding: .utf8)
        let spec = directory.appendingPathComponent("spec.yml").path
        try """
        version: 1
        feed:
          source: feed.csv
        select:
          field: price
          less_than: 1000
        variants:
          background:
            - id: marble
              text: on marble
            - id: studio
              text: in a studio
          season:
            - id: winter
              text: with snow
            - id: summer
              text: with lemons
        prompt: "{{title}}{{#brand}} by {{brand}}{{/brand}} ({{product_type}}) {{background.text}}, {{season.text}}"
        references:
          - image_link
          - additional_image_links[0]
        output:
          folder: out

        """.write(toFile: spec, atomically: true, encoding: .utf8)

        let started = ContinuousClock.now
        let loaded = try SpecLoader.load(path: spec)
        let store = try JobStore(path: directory.appendingPathComponent("state.sqlite").path)
        var planner = Planner(spec: loaded, index: store, linkBaseDirectory: directory.path, keeps: nil)
        try FeedFile.read(atPath: loaded.feed.source, options: FeedOptions()) { try planner.add($0) }
        let plan = try planner.finish()
        let elapsed = ContinuousClock.now - started
        let seconds = elapsed.seconds
        print(
            String(
                format: "plan: %d products × %d variants = %d jobs (%d new) in %.2f s (%.0f jobs/s), estimated %@",
                plan.productsRead, loaded.variants.count, plan.jobCount, plan.count(.new), seconds,
                Double(plan.jobCount) / seconds, plan.estimatedCost.description))
    }
}
