import Dispatcher
import EvoLinkSimulator
import ImageService

/// Which EvoLink-compatible server a run talks to, and the client for it. Without an API key
/// and without an explicit base URL this is an embedded simulator on 127.0.0.1; everything
/// else goes through exactly the same client code.
struct ServiceEndpoint {
    let client: EvoLinkClient
    let description: String
    /// How much faster than real time the server runs (the embedded simulator), for polling.
    let timeScale: Double
    private let clients: HTTPClients
    private let simulator: RunningSimulator?

    static let officialBaseURL = "https://api.evolink.ai"
    static let embeddedTimeScale = 0.01

    static func open(
        apiKey: APIKey?, overrideURL: String?, specURL: String?, filesURL: String?, concurrency: Int,
        network: NetworkSettings, overrideTimeScale: Double? = nil
    ) async throws -> ServiceEndpoint {
        let clients = try HTTPClients(settings: network, limits: .init(connectionsPerOrigin: concurrency * 2))
        let transport = HTTPClientTransport(clients: clients)
        let baseURL: String
        var simulator: RunningSimulator?
        var description: String
        var key = apiKey
        if let overrideURL {
            baseURL = overrideURL
            description = "EvoLink-compatible server at \(overrideURL)"
        } else if apiKey != nil {
            baseURL = specURL ?? officialBaseURL
            description = "EvoLink at \(baseURL)"
        } else {
            // It demands a bearer key as the API does: one made for this run, which is also the
            // identity its uploads and tasks are recorded under (they die with it).
            let runKey = RunningSimulator.newAPIKey()
            key = APIKey(runKey)
            let running: RunningSimulator
            do {
                running = try await RunningSimulator.start(
                    configuration: SimulatorConfiguration(timeScale: embeddedTimeScale, requiredAPIKey: runKey))
            } catch {
                await clients.shutdown()
                throw error
            }
            simulator = running
            baseURL = running.baseURL
            description = "the embedded EvoLink simulator at \(running.baseURL) (no EVOLINK_API_KEY set)"
        }
        if let origin = HTTPOrigin(url: baseURL), let proxy = network.proxy(for: origin) {
            // Never with the proxy's credentials (`ProxyServer.description`).
            description += " through the proxy \(proxy)"
        }
        let configuration = EvoLinkClient.Configuration(
            apiBaseURL: baseURL, filesBaseURL: overrideURL == nil && simulator == nil ? filesURL : nil)
        let client = EvoLinkClient.make(configuration: configuration, apiKey: key, transport: transport)
        return ServiceEndpoint(
            client: client, description: description,
            timeScale: simulator == nil ? (overrideURL == nil ? 1 : overrideTimeScale ?? 1) : embeddedTimeScale,
            clients: clients, simulator: simulator)
    }

    func close() async {
        await clients.shutdown()
        await simulator?.stop()
    }
}
