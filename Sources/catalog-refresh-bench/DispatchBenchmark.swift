import ArgumentParser
import CatalogModel
import Dispatcher
import Foundation
import JobStore

struct DispatchBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispatch",
        abstract: "Run the real dispatcher against the simulator at a fixed rate limit, concurrency limit and latency.",
        discussion: """
            The simulator runs in a child process (this executable's hidden `simulator` command), so the CPU time \
            and memory printed are the client's alone. Phase 1 holds --in-flight-test tasks in flight and reports \
            the resident memory; phase 2 runs --jobs jobs and compares throughput and makespan with the ideal.
            """)

    @Option(help: "Jobs in the throughput phase.")
    var jobs = 2400

    @Option(
        help: """
            Jobs per product in the throughput phase (background variants); each product's results share a \
            folder, so 1 (as in marketplace-white.yml) makes a new folder for every result.
            """)
    var variants = 1

    @Option(help: "The simulator's rate limit R, requests per minute (submits and reads alike, sliding minute).")
    var rpm = 6000

    @Option(help: "The simulator's concurrency limit C (tasks running at once); also the client's.")
    var concurrency = 64

    @Option(help: "Every task's latency L in wall seconds (the simulator's time scale is set from it).")
    var latency = 1.0

    @Option(
        help: """
            Wall seconds per second of the API's time: the poll schedule (and the peer's 3 s) is scaled by it, so \
            tasks last L / S of the API's time. Default: 1 for L ≥ 10 s (unscaled), L / 10 below (10 s tasks \
            compressed, as the benchmark has always run them). Keep the shape of a compressed run by giving \
            --rpm divided by S too: the rate limit counts wall minutes.
            """)
    var timeScale: Double?

    @Option(help: "Task durations drawn uniformly within ± this share of L (seeded: --duration-seed); 0: all take L.")
    var latencySpread = 0.0

    @Option(help: "The seed of the simulator's task durations (each phase draws the same sequence).")
    var durationSeed: UInt64 = 24

    @Flag(
        help: """
            After each throughput phase, run a plain client that reads every running task every 3 s (scaled by \
            the time scale), as EvoLink's CLI does, on a fresh simulator, and print its figures beside ours \
            (phases alternate: ours first, then the peer first, …).
            """)
    var peer = false

    @Option(help: "The client's pace as a share of R: a little under 1, or a sliding-minute limit answers 429.")
    var clientShare = 0.99

    @Option(help: "Milliseconds of request turns spent together per wake-up (`requestBatchWindow`; 0 wakes per turn).")
    var batchWindow = Int(DispatchConfiguration().requestBatchWindow / .milliseconds(1))

    @Option(
        help: """
            The client's smallest token bucket (`requestBurst`); the bucket holds a wave of slots, within 1% of \
            the rate (`bucketSize`).
            """)
    var burst = DispatchConfiguration().requestBurst

    @Option(
        help: """
            Milliseconds a recorded step waits for others to share its commit (`commitWindow`) in the throughput \
            phase (the memory phase keeps the default). Given more than once, the repeated phases take the values \
            in turn, forwards then backwards (A B B A …), so that they are compared in one batch on the same \
            machine state.
            """)
    var commitWindow = [Int(DispatchConfiguration().commitWindow / .milliseconds(1))]

    @Flag(help: "Read every task on the poll schedule alone (no learned first reads), for comparison.")
    var scheduleOnly = false

    @Option(
        help: """
            Throughput phases to run, each with a fresh store, folder and simulator; with more than one, a last \
            line gives the client CPU per job as min / median / max (it varies from run to run on a shared VM). \
            Every phase's folder (about 150 MB of results per 2400 jobs) is kept until the last is measured.
            """)
    var repeats = 1

    @Option(help: "Seconds to wait between repeated phases (the machine settles after a run).")
    var pause = 30

    @Option(help: "Tasks held in flight for the memory phase (0 skips it).")
    var inFlightTest = 10_000

    @Option(help: "Task latency in seconds during the memory phase.")
    var inFlightLatency = 40.0

    func validate() throws {
        guard jobs > 0, variants > 0, rpm > 0, concurrency > 0, latency > 0, inFlightTest >= 0, inFlightLatency > 0,
            (timeScale ?? 1) > 0, latencySpread >= 0, latencySpread < 0.95
        else {
            throw ValidationError("--jobs, --variants, --rpm, --concurrency and the latencies must be positive")
        }
        guard !commitWindow.isEmpty, commitWindow.allSatisfy({ $0 >= 0 }) else {
            throw ValidationError("--commit-window must not be negative")
        }
        guard repeats >= Set(commitWindow).count else {
            throw ValidationError("--repeats must give each --commit-window at least one phase")
        }
        guard batchWindow >= 0 else { throw ValidationError("--batch-window must not be negative") }
        guard repeats > 0, pause >= 0 else { throw ValidationError("--repeats must be positive, --pause not negative") }
        guard clientShare > 0, clientShare <= 1 else { throw ValidationError("--client-share must be in (0, 1]") }
    }

    func run() async throws {
        // Each phase leaves its folder; they go once everything is measured (see `DispatchRig.close`).
        var folders: [URL] = []
        defer { for folder in folders { try? FileManager.default.removeItem(at: folder) } }
        if inFlightTest > 0 { try await memoryPhase(folders: &folders) }
        let windows = commitWindow.reduce(into: [Int]()) { windows, window in
            if !windows.contains(window) { windows.append(window) }
        }
        var cpuPerJob: [Int: [Double]] = [:]
        var figures = Figures()
        for index in 0..<repeats {
            if index > 0 { try await Task.sleep(for: .seconds(pause)) }
            let (round, position) = index.quotientAndRemainder(dividingBy: windows.count)
            let window = windows[round.isMultiple(of: 2) ? position : windows.count - 1 - position]
            if peer, !index.isMultiple(of: 2) {
                figures.peer.append(try await peerPhase())
                try await Task.sleep(for: .seconds(pause))
            }
            let ours = try await throughputPhase(commitWindow: window, folders: &folders)
            cpuPerJob[window, default: []].append(ours.cpuPerJob)
            figures.ours.append(ours.shares)
            if peer, index.isMultiple(of: 2) {
                try await Task.sleep(for: .seconds(pause))
                figures.peer.append(try await peerPhase())
            }
        }
        if peer { figures.printSummary() }
        for window in windows where repeats > 1 {
            let sorted = cpuPerJob[window, default: []].sorted()
            let (count, median) = (sorted.count, (sorted[(sorted.count - 1) / 2] + sorted[sorted.count / 2]) / 2)
            let label = windows.count > 1 ? " with a \(window) ms commit window" : ""
            print(
                String(
                    format:
                        "client CPU over %d runs%@: %.3f / %.3f / %.3f ms/job (min / median / max)  [target ≤ 5 ms]",
                    count, label, sorted[0], median, sorted[count - 1]))
        }
    }

    /// Phase 1: `inFlightTest` tasks in flight at once, long enough for every one to be read.
    /// Its folder joins `folders`, to be deleted at the end.
    private func memoryPhase(folders: inout [URL]) async throws {
        let timeScale = inFlightLatency / DispatchRig.simulatedTaskSeconds
        let before = ResourceUsage.residentMegabytes()
        let rig = try DispatchRig(
            simulator: try SimulatorProcess.start(timeScale: timeScale, rateLimit: nil, maxConcurrent: inFlightTest),
            connections: 128)
        folders.append(rig.directory)
        var configuration = DispatchConfiguration(concurrency: inFlightTest, requestsPerMinute: 120_000)
        configuration.pollSchedule = PollSchedule.evoLink.scaled(by: timeScale)
        configuration = configuration.scaledRetries(by: timeScale)
        // Requests go out at the real rate R, so commits group as they would in production.
        configuration.commitWindow = DispatchConfiguration().commitWindow
        let observer = DispatchObserver()
        let dispatcher = rig.dispatcher(configuration)
        let store = rig.store
        let jobs = DispatchRig.jobs(inFlightTest, tag: "inflight")
        let running = Task {
            try await dispatcher.run(jobs, runID: try store.beginRun(specName: "bench")) { observer.record($0) }
        }
        while observer.inFlight < inFlightTest, observer.elapsed < .seconds(inFlightLatency) {
            try await Task.sleep(for: .milliseconds(50))
        }
        let reached = observer.inFlight
        let reachedAt = observer.elapsed
        // Every task is read at least once while all of them are in flight.
        try await Task.sleep(for: configuration.pollSchedule.early * 1.3)
        let held = observer.inFlight
        let memory = ResourceUsage.residentMegabytes()
        running.cancel()
        let report = try await running.value
        print(
            String(
                format: "in flight: %d tasks in flight after %.1f s (%d still in flight %.1f s later, %d reads so far)",
                reached, reachedAt.seconds, held, (configuration.pollSchedule.early * 1.3).seconds, report.polls))
        print(
            String(
                format:
                    "memory: RSS %.1f MB with %d in flight (peak %.1f MB; %.1f MB before the phase)  [target ≤ 200 MB]",
                memory.now, held, memory.peak, before.now))
        await rig.close()
    }

    /// Phase 2: `jobs` jobs at R, C and L; throughput and makespan against the ideal.
    /// Runs `jobs` jobs, prints how they went, and returns the client CPU per job in ms. Its
    /// folder joins `folders`, to be deleted at the end.
    private func throughputPhase(
        commitWindow: Int, folders: inout [URL]
    ) async throws -> (cpuPerJob: Double, shares: Figures.Shares) {
        let (simulatorScale, timeScale) = (latency / DispatchRig.simulatedTaskSeconds, apiTimeScale)
        let rig = try DispatchRig(
            simulator: try startSimulator(), connections: 128)
        folders.append(rig.directory)
        let clientRPM = Int((Double(rpm) * clientShare).rounded(.down))
        var configuration = DispatchConfiguration(concurrency: concurrency, requestsPerMinute: clientRPM)
        configuration.pollSchedule = PollSchedule.evoLink.scaled(by: timeScale)
        configuration = configuration.scaledRetries(by: timeScale)
        // Requests go out at the real rate R, so commits group as they would in production.
        configuration.commitWindow = .milliseconds(commitWindow)
        configuration.requestBatchWindow = .milliseconds(batchWindow)
        configuration.requestBurst = burst
        if scheduleOnly { configuration.firstReadTargets = nil }
        let folderCost = try FolderCost.microseconds(in: rig.directory)
        let observer = DispatchObserver()
        // Children count once they have been waited for: earlier phases' simulators, not this one's.
        let simulatorBefore = ResourceUsage.cpuSeconds(children: true)
        let cpuBefore = ResourceUsage.cpu()
        let started = ContinuousClock.now
        let report = try await rig.dispatcher(configuration).run(
            DispatchRig.jobs(jobs, variantsPerProduct: variants, tag: "throughput"),
            runID: try rig.store.beginRun(specName: "bench")
        ) { observer.record($0) }
        let makespan = (ContinuousClock.now - started).seconds
        let cpuAfter = ResourceUsage.cpu()
        let (user, system) = (cpuAfter.user - cpuBefore.user, cpuAfter.system - cpuBefore.system)
        let cpu = user + system
        let stats = try await rig.simulator.stats(through: rig.transport)
        await rig.close()
        let simulatorCPU = ResourceUsage.cpuSeconds(children: true) - simulatorBefore

        let ideal = DispatchIdeal(
            jobs: jobs, requestsPerMinute: rpm, concurrency: concurrency, latency: latency,
            schedule: configuration.pollSchedule,
            observedReadsPerJob: Double(report.polls) / Double(max(1, report.submissions)))
        let stored = observer.storedAt.map(\.seconds).sorted()
        let throughput = DispatchIdeal.steadyThroughput(storedAt: stored)
        print(
            "dispatch: \(jobs) jobs (\(variants) per product); simulator: R = \(rpm) requests/min (sliding minute), C = \(concurrency) tasks at once, "
                + "L = \(latency) s per task\(shapeNote); client paced at \(clientRPM)/min (burst \(configuration.bucketSize)), "
                + "concurrency \(concurrency), commit window \(commitWindow) ms")
        for line in ideal.definition { print(line) }
        print(
            String(
                format:
                    "throughput: %.2f jobs/s (stored between the 10%% and 90%% marks) = %.1f%% of ideal  [target ≥ 97%%]",
                throughput, throughput / ideal.throughput * 100))
        print(
            String(
                format: "makespan: %.2f s = %.3f × ideal %.2f s (%.1f%% of ideal)  [target ≤ 1.05]", makespan,
                makespan / ideal.makespan, ideal.makespan, ideal.makespan / makespan * 100))
        let submitted = observer.submittedAt.map(\.seconds)
        if let first = submitted.first, let firstStored = stored.first, let lastStored = stored.last {
            print(
                String(
                    format:
                        "timeline: first submission recorded at %.2f s, the %dth at %.2f s; results stored from %.2f s "
                        + "to %.2f s; the run returned at %.2f s",
                    first, min(concurrency, submitted.count), submitted[min(concurrency, submitted.count) - 1],
                    firstStored, lastStored, makespan))
        }
        print(
            String(
                format:
                    "requests: %d submits, %d reads (%.2f per job; the schedule makes %d); 429s received: %d",
                report.submissions, report.polls, Double(report.polls) / Double(max(1, report.submissions)),
                ideal.scheduledReads, Int(stats["rate_limited"] ?? 0)))
        let readLag =
            (stats["finish_to_read_seconds"] ?? 0) / max(1, stats["finishes_read"] ?? 0) * simulatorScale
        let refillLag =
            (stats["read_to_next_submission_seconds"] ?? 0) / max(1, stats["slots_refilled"] ?? 0) * simulatorScale
        print(
            String(
                format:
                    "slot turnaround (simulator's view): a finished task waited %.0f ms for the read that saw it; "
                    + "a slot so freed waited %.0f ms for the next submission (%.1f%% and %.1f%% of L)",
                readLag * 1000, refillLag * 1000, readLag / latency * 100, refillLag / latency * 100))
        print(
            String(
                format:
                    "client CPU: %.2f s (%.2f user, %.2f system) for %d jobs = %.3f ms/job (getrusage of this process; "
                    + "the simulator runs in a child process and used %.2f s)  [target ≤ 5 ms]",
                cpu, user, system, jobs, cpu / Double(jobs) * 1000, simulatorCPU))
        print(
            String(
                format:
                    "file system: a new folder took %.0f µs just before the phase (a few tens on a settled disk; "
                    + "hundreds count files deleted in the last minute or two: see BENCHMARKS.md)",
                folderCost))
        print(
            "outcome: \(report.stored) stored, \(report.failed.count) failed, \(report.unfinished.count) unfinished, "
                + "\(Int(stats["max_paid_submissions_per_key"] ?? 0)) max paid submissions per key")
        let shares = Figures.Shares(
            throughput: throughput / ideal.throughput * 100, makespan: ideal.makespan / makespan * 100,
            readsPerJob: Double(report.polls) / Double(max(1, report.submissions)))
        return (cpu / Double(jobs) * 1000, shares)
    }
}
