import AssetStorage
import CatalogModel
import Dispatcher
import Foundation
import ImageService
import JobStore
import Synchronization

/// One real dispatch for the benchmark: the `Dispatcher` with a SQLite `JobStore` and file
/// storage in a temporary folder, talking HTTP to a simulator in a child process.
struct DispatchRig {
    let simulator: SimulatorProcess
    let clients: HTTPClients
    let transport: HTTPClientTransport
    let store: JobStore
    let storage: FileAssetStorage
    let directory: URL

    init(simulator: SimulatorProcess, connections: Int) throws {
        self.simulator = simulator
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "catalog-refresh-dispatch-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try JobStore(path: directory.appendingPathComponent("state.sqlite").path)
        storage = FileAssetStorage(root: directory.appendingPathComponent("out").path)
        // The network the command would use, so a benchmark behind a proxy measures it too.
        clients = try HTTPClients(
            settings: try NetworkSettings.environment(), limits: .init(connectionsPerOrigin: connections))
        transport = HTTPClientTransport(clients: clients)
    }

    func dispatcher(_ configuration: DispatchConfiguration) -> Dispatcher {
        let client = EvoLinkClient.make(
            configuration: .init(apiBaseURL: simulator.baseURL), apiKey: APIKey("sk-bench-dispatch"),
            transport: transport)
        return Dispatcher(service: client, store: store, storage: storage, configuration: configuration)
    }

    /// `count` low-quality 1024×640 jobs with a remote reference (no uploads): every task takes
    /// the simulator's base time, which the time scale turns into the latency L. They share one
    /// prompt and one reference, so the simulator draws the image once and serves it to each (the
    /// client still downloads, verifies, hashes and stores every copy): drawing a PNG costs the
    /// simulator more than everything the client does for a job. Each product has
    /// `variantsPerProduct` background variants, its results stored in one folder: one like
    /// `marketplace-white.yml` has 1 (a new folder for every result), `quickstart.yml` 2.
    static func jobs(_ count: Int, variantsPerProduct: Int = 1, tag: String) -> [Job] {
        let link = "https://refs.test/product.png"
        let variants = max(1, variantsPerProduct)
        return (0..<max(1, count)).map { index in
            let (product, variant) = (index / variants + 1, index % variants)
            let background = variant == 0 ? "white" : "studio-\(variant)"
            return Job(
                key: JobKey(productID: "\(tag)-\(product)", variantID: "background=\(background)"),
                productTitle: "Product \(product)",
                variant: Variant(options: [VariantOption(axis: "background", id: background, fields: [:])]),
                prompt: "a product on white", references: [ReferenceImage(link: link, location: link)],
                settings: ImageSettings(size: "1024x640", quality: "low"), estimatedCost: Money(usd: 0.0126))
        }
    }

    /// The simulator's base time for those jobs, in simulated seconds.
    static let simulatedTaskSeconds = 10.0

    /// Stops the transport and the simulator and leaves the folder: deleting thousands of files
    /// makes the next phase's new files dearer for a minute or more (see `FolderCost`), so the
    /// benchmark deletes every phase's folder when it has measured them all.
    func close() async {
        await clients.shutdown()
        simulator.stop()
    }
}

/// Counts jobs in flight and when each result was stored, from the dispatcher's events.
final class DispatchObserver: Sendable {
    private struct State {
        var inFlight = 0
        var storedAt: [Duration] = []
        var submittedAt: [Duration] = []
    }

    private let start = ContinuousClock.now
    private let state = Mutex(State())

    func record(_ event: DispatchEvent) {
        let now = ContinuousClock.now - start
        state.withLock { state in
            switch event {
            case .submitted:
                state.inFlight += 1
                state.submittedAt.append(now)
            case .stored:
                state.inFlight -= 1
                state.storedAt.append(now)
            case .failed, .unfinished: state.inFlight -= 1
            case .skipped, .warning: break
            }
        }
    }

    var inFlight: Int { state.withLock { $0.inFlight } }
    var storedAt: [Duration] { state.withLock { $0.storedAt } }
    /// When each submission's acceptance was committed, in order.
    var submittedAt: [Duration] { state.withLock { $0.submittedAt } }
    var elapsed: Duration { ContinuousClock.now - start }
}
