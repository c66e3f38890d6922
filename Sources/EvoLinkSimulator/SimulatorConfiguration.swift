import CatalogModel

/// How the simulator behaves: timing, limits, credits and who may call it.
public struct SimulatorConfiguration: Sendable {
    /// Real seconds per simulated second: 1 runs at the API's real pace, 0.001 turns a 20 s
    /// task into 20 ms. Expiries (24 h results, 72 h files) scale the same way.
    public var timeScale: Double
    /// Where simulated time comes from: this clock's time as it is (`timeScale` does not apply;
    /// its `originDate` is the simulated date at its origin), so a test can run the simulator
    /// and a dispatcher on one manual clock. `nil`: real time divided by `timeScale`.
    public var clock: AnyClock?
    /// Requests per minute per key across all endpoints; `nil` for no limit.
    public var requestsPerMinute: Int?
    /// Tasks that may run at once per key; more submissions get 429.
    public var maxConcurrentTasks: Int
    /// The account balance in credits (1 USD = 68 credits).
    public var credits: Double
    /// Which bearer keys the API endpoints accept. Every API call (generations, tasks, credits,
    /// uploads) must carry `Authorization: Bearer <key>`, as the real API's do: without one it
    /// gets 401 `unauthorized`. When this is set only that key is accepted; otherwise any
    /// non-empty key is (the standalone simulator's default, so any `EVOLINK_API_KEY` works).
    /// Result and file downloads are public URLs and need none.
    public var requiredAPIKey: String?
    /// What hosts other than this simulator serve at a URL in `image_urls`: the bytes, or `nil`
    /// when the URL cannot be fetched. The simulator reaches nothing outside itself, so by
    /// default only its own uploaded files are reachable and a task with any other reference
    /// fails with `image_processing_error`, as the API's task does for an image it cannot load.
    /// Tests and benchmarks that use made-up reference hosts say here what those serve.
    public var externalReferences: @Sendable (String) -> [UInt8]? = { _ in nil }
    /// Faults to inject, each at its rate.
    public var faults: SimulatorFaults
    /// Models the key may not use: submissions for them get 403 `model_access_denied`.
    public var deniedModels: Set<String> = []
    /// Task durations are drawn uniformly within ± this share of the table's typical time, so
    /// tasks do not all finish in lockstep (0 = exactly the typical time).
    public var durationSpread = 0.3
    /// Draws the durations from a sequence seeded with this (the n-th task accepted gets the
    /// n-th draw), so a test that counts reads sees the same tasks on every run; nil draws them
    /// from the system's random source.
    public var durationSeed: UInt64?
    /// What a completed task is finally charged, as a share of the credits reserved at its
    /// submission: token billing settles on what the task used (§11.4), so the charge need not
    /// equal the reservation. The rest goes back to the balance.
    public var chargeShare = 1.0
    /// How long a completed task's result URLs work, in simulated seconds: 24 h, as EvoLink's.
    /// A test whose clock runs thousands of times faster than real time may lengthen it, so a
    /// busy machine does not turn slow downloads into expiries it is not testing.
    public var resultLifetime: Double = Self.standardResultLifetime

    public init(
        timeScale: Double = 0.01, requestsPerMinute: Int? = nil, maxConcurrentTasks: Int = 64,
        credits: Double = 100_000,
        requiredAPIKey: String? = nil, faults: SimulatorFaults = .none
    ) {
        self.faults = faults
        self.timeScale = timeScale
        self.requestsPerMinute = requestsPerMinute
        self.maxConcurrentTasks = maxConcurrentTasks
        self.credits = credits
        self.requiredAPIKey = requiredAPIKey
    }

    /// Simulated seconds a task takes, from the reference's timing table (§12).
    func taskDuration(
        quality: String, resolution: String, n: Int, using random: inout some RandomNumberGenerator
    ) -> Double {
        let base: Double =
            switch quality {
            case "low": 10
            case "high": 60
            default: 20
            }
        let tier: Double =
            switch resolution.uppercased() {
            case "2K": 1.5
            case "4K": 2.2
            default: 1
            }
        let spread = min(max(durationSpread, 0), 0.95)
        return base * tier * (n >= 4 ? 1.5 : 1) * Double.random(in: (1 - spread)...(1 + spread), using: &random)
    }

    public static let standardResultLifetime: Double = 24 * 3600
    static let fileLifetime: Double = 72 * 3600
}

extension SimulatorConfiguration {
    /// `externalReferences` for a made-up host (benchmarks, tests): every URL under `prefix`
    /// serves one small grey PNG; any other URL cannot be fetched.
    public static func solidImage(servedUnder prefix: String) -> @Sendable (String) -> [UInt8]? {
        let png = PNGCodec.encode(
            RasterImage(width: 64, height: 64, channels: 3, pixels: [UInt8](repeating: 128, count: 64 * 64 * 3)))
        return { url in url.hasPrefix(prefix) ? png : nil }
    }
}
