import Foundation
import ImageService

/// A simulator served by a child process (this executable's hidden `simulator` command), so
/// the figures of this process are the client's alone.
struct SimulatorProcess {
    let baseURL: String
    private let process: Process
    private let input: Pipe

    /// `durationSpread` and `durationSeed`: task durations drawn within ± that share of L from a
    /// seeded sequence (`SimulatorConfiguration`); 0, every task takes exactly L.
    static func start(
        timeScale: Double, rateLimit: Int?, maxConcurrent: Int, durationSpread: Double = 0, durationSeed: UInt64 = 24
    ) throws -> SimulatorProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        if !FileManager.default.isExecutableFile(atPath: process.executableURL?.path ?? "") {
            process.executableURL = Bundle.main.executableURL
        }
        process.arguments =
            [
                "simulator", "--time-scale", "\(timeScale)", "--max-concurrent", "\(maxConcurrent)",
                "--duration-spread", "\(durationSpread)", "--duration-seed", "\(durationSeed)",
            ]
            + (rateLimit.map { ["--rate-limit", "\($0)"] } ?? [])
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        // The first line is `port <n>`.
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != 10 {
            line.append(first)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("port "), let port = Int(text.dropFirst(5)) else {
            process.terminate()
            throw BenchmarkError("the simulator did not start (it said \"\(text)\")")
        }
        return SimulatorProcess(baseURL: "http://127.0.0.1:\(port)", process: process, input: input)
    }

    /// The simulator's counters (`/_simulator/stats`).
    func stats(through transport: any HTTPTransport) async throws -> [String: Double] {
        let response = try await transport.send(HTTPRequest(method: "GET", url: baseURL + "/_simulator/stats"))
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
        return object.compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }

    /// Ends the child and waits for it (its CPU time then shows in `ResourceUsage.children`).
    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
