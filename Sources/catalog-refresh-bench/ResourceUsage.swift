import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// CPU time and memory of this process, as the kernel counts them.
enum ResourceUsage {
    /// User plus system CPU seconds of this process (all its threads), or of its waited-for
    /// children.
    static func cpuSeconds(children: Bool = false) -> Double {
        let split = cpu(children: children)
        return split.user + split.system
    }

    /// User and system CPU seconds, apart.
    static func cpu(children: Bool = false) -> (user: Double, system: Double) {
        var usage = rusage()
        getrusage(children ? RUSAGE_CHILDREN.rawValue : RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return (seconds(usage.ru_utime), seconds(usage.ru_stime))
    }

    /// Resident memory now and at its peak so far, in MB (`VmRSS`, `VmHWM`).
    static func residentMegabytes() -> (now: Double, peak: Double) {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            let peak = Double(usage.ru_maxrss) / 1024
            return (peak, peak)
        }
        func field(_ name: String) -> Double {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            return Double(line.split(separator: " ").dropFirst().first ?? "0").map { $0 / 1024 } ?? 0
        }
        return (field("VmRSS"), field("VmHWM"))
    }
}
