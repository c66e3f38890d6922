import ArgumentParser

@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog-refresh-bench",
        abstract: "Benchmarks for catalog-refresh; run them from a release build (swift run -c release …).",
        subcommands: [
            IngestBenchmark.self, PlanBenchmark.self, FeedBenchmark.self, DispatchBenchmark.self, StoreBenchmark.self,
            ManifestBenchmark.self, NightlyBenchmark.self,
            SimulatorServeCommand.self, MeasureChildCommand.self,
        ])
}
