import ArgumentParser
import Foundation

/// `catalog-refresh feed` as a user runs it (the real binary, beside this one, output to
/// /dev/null) on a synthetic Shopify export, against a Python script doing the same work in
/// the same run: `csv.DictReader` and `json.dumps` per record.
struct FeedBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Time `catalog-refresh feed` (JSON Lines) on a Shopify CSV against csv.DictReader + json.dumps.")

    @Option(help: "Size of the synthetic Shopify CSV in megabytes.")
    var megabytes = 40

    @Option(help: "Runs of each; the fastest counts.")
    var `repeat` = 3

    func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-refresh-feed-bench").path
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let csv = folder + "/shopify.csv"
        let products = try SyntheticFeeds.writeShopifyCSV(to: csv, targetBytes: megabytes << 20)
        let bytes = (try FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int) ?? 0
        let size = Double(bytes) / 1_048_576
        let tool = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("catalog-refresh").path
        let ours = try fastest { try Self.time(tool, ["feed", csv]) }
        let python = try fastest { try Self.time("/usr/bin/env", ["python3", "-c", Self.peer, csv]) }
        print(
            String(
                format: "feed: %.1f MB Shopify CSV (%d products), fastest of %d runs each, output to /dev/null", size,
                products, `repeat`))
        print(
            String(
                format: "catalog-refresh feed:               %.2f s, %.1f MB/s  [target ≥ 100 MB/s]", ours, size / ours)
        )
        print(String(format: "python csv.DictReader + json.dumps: %.2f s, %.1f MB/s", python, size / python))
        print(String(format: "ratio: %.2f× python  [target ≥ 3×]", python / ours))
    }

    private func fastest(_ measure: () throws -> Double) throws -> Double {
        var best = Double.infinity
        for _ in 0..<max(1, `repeat`) { best = min(best, try measure()) }
        return best
    }

    /// Wall time of one run of `executable` with its output thrown away; throws if it fails.
    private static func time(_ executable: String, _ arguments: [String]) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        let started = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError(
                "\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        let elapsed = started.duration(to: .now)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// The peer: every record of the file as one JSON line, to standard output.
    static let peer = """
        import csv, json, sys
        out = sys.stdout
        with open(sys.argv[1], newline='', encoding='utf-8') as f:
            for row in csv.DictReader(f):
                out.write(json.dumps(row, ensure_ascii=False))
                out.write('\\n')
        """
}
