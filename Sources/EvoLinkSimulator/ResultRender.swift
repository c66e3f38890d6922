import Synchronization

/// Everything needed to draw one result image, taken out of the simulator's state so the
/// (CPU-heavy) drawing runs outside the actor.
struct ResultRender: Sendable, Hashable {
    var width: Int
    var height: Int
    var prompt: String
    var reference: [UInt8]?
    var fallbackSeed: String
    /// What the task's faults spoil in a white-background render (part of the key: a spoiled
    /// image must not be served for a clean request, nor the other way round).
    var flaws = WhiteBackgroundFlaws.none

    /// The last images drawn: the same request always draws the same bytes, and a benchmark
    /// that asks for one image many times measures the client, not the drawing.
    private static let recent = Mutex<[ResultRender: [UInt8]]>([:])
    private static let recentLimit = 16

    func response() -> SimulatorResponse {
        if let png = Self.recent.withLock({ $0[self] }) {
            return SimulatorResponse(status: 200, body: png, contentType: "image/png")
        }
        let decoded = reference.flatMap(PNGCodec.decodeRGBA)
        guard
            let png = ResultRenderer.render(
                width: width, height: height, prompt: prompt, reference: decoded, fallbackSeed: fallbackSeed,
                flaws: flaws)
        else {
            return .error(500, "internal_error", "Internal server error", type: "api_error")
        }
        Self.recent.withLock { recent in
            if recent.count >= Self.recentLimit { recent.removeAll(keepingCapacity: true) }
            recent[self] = png
        }
        return SimulatorResponse(status: 200, body: png, contentType: "image/png")
    }
}

/// A response as an `Error`, for `Result`'s failure side.
struct SimulatorResponseBox: Error {
    let response: SimulatorResponse

    init(_ response: SimulatorResponse) {
        self.response = response
    }
}
