import CatalogTestSupport
import Foundation
import Testing

@testable import catalog_refresh_bench

/// The nightly benchmark's memory column: a command's own peak, not its parent's.
struct MeasuredChildTests {
    static let bench = RepositoryPaths.executable.deletingLastPathComponent()
        .appendingPathComponent("catalog-refresh-bench")

    @Test func aUsageReportReadsBackAndAMalformedOneIsRefused() {
        let usage = Spawned.Usage(seconds: 1.25, cpuSeconds: 2.5, peakMegabytes: 75.5, exitCode: 3)
        #expect(Spawned.Usage(report: usage.report) == usage)
        for malformed in ["", "1 2 3", "1 2 3 x", "1 2 3 4 5", "one 2 3 4"] {
            #expect(Spawned.Usage(report: malformed) == nil, "\(malformed)")
        }
    }

    /// A child started straight from a process holding 256 MB shows at least that as its peak
    /// (Linux counts its memory from before its `exec`); started through `measure-child`, the
    /// same command shows its own few megabytes, and its exit code.
    @Test func throughMeasureChildACommandsPeakIsItsOwn() async throws {
        let (held, direct) = try await onOwnThread { () -> (Int, Spawned.Usage) in
            var ballast = [UInt8](repeating: 1, count: 256 << 20)
            for index in stride(from: 0, to: ballast.count, by: 4096) { ballast[index] = UInt8(index & 0xff) }
            return (ballast.count, try Spawned.run("/bin/sh", ["-c", "exit 0"]))
        }
        #expect(held == 256 << 20)
        #expect(direct.peakMegabytes >= 200, "a direct child shows its parent's peak: \(direct)")
        let directory = try TemporaryDirectory()
        let report = directory.url("usage").path
        let measured = try await ProcessRunner.run(
            Self.bench, ["measure-child", "--report", report, "--", "/bin/sh", "-c", "exit 3"])
        #expect(measured.exitCode == 0, "\(measured.stderr)")
        let usage = try #require(Spawned.Usage(report: try String(contentsOfFile: report, encoding: .utf8)))
        #expect(usage.exitCode == 3)
        #expect(usage.peakMegabytes < 64, "\(usage)")
    }
}
