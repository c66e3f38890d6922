import CatalogModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A child started with `posix_spawnp` and reaped here with `wait4`, which returns its own
/// `rusage` (`Process` reaps its child itself, and `RUSAGE_CHILDREN` mixes every child's).
enum Spawned {
    /// What `wait4` said about one child, and how long it ran.
    struct Usage: Equatable, Sendable {
        var seconds: Double
        var cpuSeconds: Double
        var peakMegabytes: Double
        var exitCode: Int32

        /// The one line `measure-child` writes.
        var report: String { "\(seconds) \(cpuSeconds) \(peakMegabytes) \(exitCode)\n" }

        init(seconds: Double, cpuSeconds: Double, peakMegabytes: Double, exitCode: Int32) {
            self.seconds = seconds
            self.cpuSeconds = cpuSeconds
            self.peakMegabytes = peakMegabytes
            self.exitCode = exitCode
        }

        init?(report: String) {
            let fields = report.split(whereSeparator: \.isWhitespace)
            guard fields.count == 4, let seconds = Double(fields[0]), let cpu = Double(fields[1]),
                let peak = Double(fields[2]), let code = Int32(fields[3])
            else { return nil }
            self.init(seconds: seconds, cpuSeconds: cpu, peakMegabytes: peak, exitCode: code)
        }
    }

    /// Runs `executable` with `arguments` and `environment` (this process's when nil); standard
    /// input is `/dev/null`, output and error go to those files, or stay this process's when nil.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        standardOutput: String? = nil, standardError: String? = nil
    ) throws -> Usage {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if let standardOutput {
            posix_spawn_file_actions_addopen(&actions, 1, standardOutput, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        if let standardError {
            posix_spawn_file_actions_addopen(&actions, 2, standardError, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp =
            (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: pid_t = 0
        let started = ContinuousClock.now
        let spawned = posix_spawnp(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw BenchmarkError("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchmarkError("wait4: \(String(cString: strerror(errno)))") }
        }
        let elapsed = ContinuousClock.now - started
        // WIFEXITED and WEXITSTATUS are macros Swift does not import; a signal shows as 128 + it.
        let signal = status & 0x7f
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return Usage(
            seconds: elapsed.seconds, cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
            peakMegabytes: Double(usage.ru_maxrss) / 1024,
            exitCode: signal == 0 ? (status >> 8) & 0xff : 128 + signal)
    }
}
