import CatalogModel
import Dispatcher
import Foundation
import ImageService

/// The dispatch benchmark's time scale and its peer: the 3 s-polling client (`PollingPeer`) run
/// in the same invocation, on a fresh simulator of the same kind, with the same ideal.
extension DispatchBenchmark {
    /// Wall seconds per second of the API's time: what the poll schedules are scaled by.
    var apiTimeScale: Double { timeScale ?? min(1, latency / DispatchRig.simulatedTaskSeconds) }

    /// How long tasks last in the API's time, when that is not L itself.
    var shapeNote: String {
        var note =
            apiTimeScale == 1 ? "" : String(format: " (%.0f s of the API's time, compressed)", latency / apiTimeScale)
        if latencySpread > 0 { note += String(format: " ± %.0f%% (seed %llu)", latencySpread * 100, durationSeed) }
        return note
    }

    /// A fresh simulator for one phase: tasks of L wall seconds (± the spread), limits R and C.
    func startSimulator() throws -> SimulatorProcess {
        try SimulatorProcess.start(
            timeScale: latency / DispatchRig.simulatedTaskSeconds, rateLimit: rpm, maxConcurrent: concurrency,
            durationSpread: latencySpread, durationSeed: durationSeed)
    }

    /// The peer's phase: the same jobs, R, C and L; its throughput and makespan against the same
    /// ideal (its own reads per job as p; when concurrency binds p does not enter it).
    func peerPhase() async throws -> Figures.Shares {
        let simulator = try startSimulator()
        let clients = try HTTPClients(
            settings: try NetworkSettings.environment(), limits: .init(connectionsPerOrigin: 128))
        let transport = HTTPClientTransport(clients: clients)
        let interval = PollSchedule.evoLink.early * apiTimeScale
        let peer = PollingPeer(
            baseURL: simulator.baseURL, transport: transport, concurrency: concurrency, pollInterval: interval)
        let started = ContinuousClock.now
        let report = try await peer.run(jobs: jobs)
        let makespan = (ContinuousClock.now - started).seconds
        await clients.shutdown()
        simulator.stop()
        let readsPerJob = Double(report.reads) / Double(max(1, report.submissions))
        let ideal = DispatchIdeal(
            jobs: jobs, requestsPerMinute: rpm, concurrency: concurrency, latency: latency,
            schedule: PollSchedule.evoLink.scaled(by: apiTimeScale), observedReadsPerJob: readsPerJob)
        let throughput = DispatchIdeal.steadyThroughput(storedAt: report.storedAt.sorted())
        let shares = Figures.Shares(
            throughput: throughput / ideal.throughput * 100, makespan: ideal.makespan / makespan * 100,
            readsPerJob: readsPerJob)
        print(
            String(
                format:
                    "peer (reads every %.2f s, as EvoLink's CLI reads an image task every 3 s): throughput %.2f jobs/s "
                    + "= %.1f%% of ideal; makespan %.2f s = %.1f%% of ideal %.2f s; %.2f reads per job; "
                    + "%d downloaded, %d failed",
                interval.seconds, throughput, shares.throughput, makespan, shares.makespan, ideal.makespan,
                readsPerJob, report.storedAt.count, report.failed))
        return shares
    }

    /// Every phase's shares of the ideal, ours and the peer's, for the closing spread.
    struct Figures {
        struct Shares {
            /// Steady throughput (10%–90% of results) over X*, in percent.
            var throughput: Double
            /// Ideal makespan over the measured one, in percent.
            var makespan: Double
            var readsPerJob: Double
        }

        var ours: [Shares] = []
        var peer: [Shares] = []

        func printSummary() {
            func spread(_ values: [Double]) -> String {
                let sorted = values.sorted()
                guard let first = sorted.first, let last = sorted.last else { return "-" }
                let median = (sorted[(sorted.count - 1) / 2] + sorted[sorted.count / 2]) / 2
                return String(format: "%.1f / %.1f / %.1f", first, median, last)
            }
            for (name, shares) in [("ours", ours), ("peer", peer)] {
                print(
                    "\(name) over \(shares.count) runs (min / median / max): makespan \(spread(shares.map(\.makespan)))% "
                        + "of ideal; throughput \(spread(shares.map(\.throughput)))% of ideal; reads per job "
                        + spread(shares.map(\.readsPerJob)))
            }
        }
    }
}
