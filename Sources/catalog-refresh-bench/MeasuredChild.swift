import CatalogModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One run of a command as a user feels it: its wall time and the peak resident memory of that
/// child alone, from the `rusage` that `wait4` returns for it. `getrusage(RUSAGE_CHILDREN)`
/// would give the largest peak of every child waited for so far, and `Process` reaps its child
/// itself, so the child is started with `posix_spawnp` and waited for here. Its standard output
/// and error go to files, read once it has exited: a pipe could fill and stall it.
struct MeasuredChild {
    var seconds: Double
    /// User plus system CPU seconds of the child: on this shared machine, what says whether a
    /// slow wall time was the command's or its neighbours'.
    var cpuSeconds: Double
    var peakMegabytes: Double
    var exitCode: Int32
    var standardOutput: String
    var standardError: String

    /// Runs `executable` (a path, or a name looked up in `PATH`) with `arguments` in
    /// `scratch`'s files; `removing` drops those variables from the child's environment.
    static func run(
        _ executable: String, _ arguments: [String], scratch: URL, removing: Set<String> = []
    ) throws -> MeasuredChild {
        let name = UUID().uuidString
        let outPath = scratch.appendingPathComponent("\(name).out").path
        let errPath = scratch.appendingPathComponent("\(name).err").path
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let environment = ProcessInfo.processInfo.environment.filter { !removing.contains($0.key) }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
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
        return MeasuredChild(
            seconds: elapsed.seconds, cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
            peakMegabytes: Double(usage.ru_maxrss) / 1024,
            exitCode: signal == 0 ? (status >> 8) & 0xff : 128 + signal,
            standardOutput: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// Throws with the command and the end of its standard error unless it exited 0.
    func checked(_ what: String) throws -> MeasuredChild {
        guard exitCode == 0 else {
            throw BenchmarkError("\(what) exited \(exitCode): \(standardError.suffix(2000))")
        }
        return self
    }
}
