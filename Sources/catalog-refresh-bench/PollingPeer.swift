import CatalogModel
import Foundation
import ImageService
import Synchronization

/// The peer the concurrency-bound dispatch is measured against: a plain client that does what
/// EvoLink's own CLI does with an image task (reference §13.1: a read every 3 s until the task
/// ends), written here in a few lines over the same HTTP API and transport, against the same kind
/// of simulator process. It keeps up to `concurrency` tasks running: each of its workers submits
/// a job, reads the task every `pollInterval` until it has finished, downloads the result and
/// takes the next job. No store, no commits, no learning: what it costs is only what polling at
/// a fixed interval costs, so the dispatcher's figure beside it shows what its scheduling is
/// worth on the same machine at the same moment.
struct PollingPeer: Sendable {
    let baseURL: String
    let transport: HTTPClientTransport
    let concurrency: Int
    /// 3 s of the API's time, scaled like the task latency when the run compresses time.
    let pollInterval: Duration

    struct Report: Sendable {
        /// When each result was downloaded, from the start.
        var storedAt: [Double] = []
        var submissions = 0
        var reads = 0
        var failed = 0
    }

    /// Runs `jobs` jobs and returns how they went; `makespan` is measured by the caller.
    func run(jobs: Int) async throws -> Report {
        let shared = Shared()
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<min(concurrency, jobs) {
                group.addTask {
                    while true {
                        let index = shared.next.withLock { value -> Int in
                            defer { value += 1 }
                            return value
                        }
                        guard index < jobs else { return }
                        let (reads, stored) = try await runJob(index)
                        let at = (ContinuousClock.now - start).seconds
                        shared.report.withLock { report in
                            report.submissions += 1
                            report.reads += reads
                            if stored { report.storedAt.append(at) } else { report.failed += 1 }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        return shared.report.withLock { $0 }
    }

    /// The next job to take and what the workers have done so far.
    private final class Shared: Sendable {
        let next = Mutex(0)
        let report = Mutex(Report())
    }

    /// One job: submit, read every `pollInterval` until it ends, download the result. Returns the
    /// reads made and whether a result was downloaded.
    private func runJob(_ index: Int) async throws -> (reads: Int, stored: Bool) {
        let body: [String: Any] = [
            "model": "gpt-image-2", "prompt": "a product on white", "size": "1024x640", "quality": "low",
            "image_urls": ["https://refs.test/product.png"],
        ]
        let submitted = try await send("POST", "/v1/images/generations", body: body)
        guard let id = submitted["id"] as? String else { throw BenchmarkError("peer: no task id for job \(index)") }
        var reads = 0
        while true {
            try await Task.sleep(for: pollInterval)
            let task = try await send("GET", "/v1/tasks/\(id)")
            reads += 1
            switch task["status"] as? String {
            case "completed":
                guard let url = (task["results"] as? [String])?.first else { return (reads, false) }
                let result = try await transport.send(
                    HTTPRequest(method: "GET", url: url, maxResponseBytes: 64 << 20))
                return (reads, result.status == 200 && !result.body.isEmpty)
            case "failed", "cancelled": return (reads, false)
            default: continue
            }
        }
    }

    /// One API request; a 429 is waited out (Retry-After, at most 1 s) and sent again.
    private func send(_ method: String, _ path: String, body: [String: Any]? = nil) async throws -> [String: Any] {
        var request = HTTPRequest(
            method: method, url: baseURL + path, headers: [("Authorization", "Bearer sk-bench-peer")])
        if let body {
            request.headers.append(("Content-Type", "application/json"))
            request.body = [UInt8](try JSONSerialization.data(withJSONObject: body))
        }
        while true {
            let response = try await transport.send(request)
            if response.status == 429 {
                let wait = min(Double(response.header("retry-after") ?? "1") ?? 1, 1)
                try await Task.sleep(for: .seconds(wait))
                continue
            }
            guard response.status == 200 else {
                throw BenchmarkError("peer: \(method) \(path) answered \(response.status)")
            }
            return try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
        }
    }
}
