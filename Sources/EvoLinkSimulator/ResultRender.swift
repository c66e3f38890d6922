/// Everything needed to draw one result image, taken out of the simulator's state so the
/// (CPU-heavy) drawing runs outside the actor.
struct ResultRender: Sendable {
    var width: Int
    var height: Int
    var prompt: String
    var reference: [UInt8]?
    var fallbackSeed: String

    func response() -> SimulatorResponse {
        let decoded = reference.flatMap(PNGCodec.decodeRGBA)
        guard
            let png = ResultRenderer.render(
                width: width, height: height, prompt: prompt, reference: decoded, fallbackSeed: fallbackSeed)
        else {
            return .error(500, "internal_error", "Internal server error", type: "api_error")
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
