import ArgumentParser
import EvoLinkSimulator
import Foundation

/// The simulator in a process of its own, for `dispatch`: the benchmark measures its own CPU
/// and memory, so the server must not share them. Prints `port <n>` once it listens and
/// serves until its standard input closes (the benchmark ended, however it ended).
struct SimulatorServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator", abstract: "Serve the EvoLink simulator for `dispatch` (internal).",
        shouldDisplay: false)

    @Option var timeScale: Double
    @Option var rateLimit: Int?
    @Option var maxConcurrent: Int
    @Option var durationSpread = 0.0
    @Option var durationSeed: UInt64 = 24

    func run() async throws {
        var configuration = SimulatorConfiguration(
            timeScale: timeScale, requestsPerMinute: rateLimit, maxConcurrentTasks: maxConcurrent)
        // Every task takes the table's time (the benchmark's latency L), or within ± the spread of
        // it, drawn from a seeded sequence so repeated phases see the same durations.
        configuration.durationSpread = durationSpread
        configuration.durationSeed = durationSeed
        // The jobs' made-up reference host serves a small real image.
        configuration.externalReferences = SimulatorConfiguration.solidImage(servedUnder: "https://refs.test/")
        let simulator = try await RunningSimulator.start(configuration: configuration)
        FileHandle.standardOutput.write(Data("port \(simulator.port)\n".utf8))
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                _ = FileHandle.standardInput.readDataToEndOfFile()
                continuation.resume()
            }
        }
        await simulator.stop()
    }
}
