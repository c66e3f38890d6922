/// Faults the simulator injects, each with a rate (0–1) per request or per task, so clients and
/// the dispatcher can be exercised against what the real service does on a bad day.
public struct SimulatorFaults: Sendable, Equatable {
    /// 500/502/503 instead of an answer (API requests).
    public var serverError = 0.0
    /// A spurious 429 `rate_limit_exceeded` with `Retry-After: 1`.
    public var rateLimited = 0.0
    /// The connection drops after the request was processed (a submission is then charged but
    /// its answer lost: the client must recover it with the same idempotency key).
    public var dropConnection = 0.0
    /// The answer is delayed by `slowSeconds` simulated seconds.
    public var slow = 0.0
    public var slowSeconds = 20.0
    /// A new task never leaves `processing`.
    public var stuckTask = 0.0
    /// A new task ends `failed` with one of `failureCodes`.
    public var failedTask = 0.0
    public var failureCodes = [
        "generation_timeout", "service_error", "content_policy_violation", "image_processing_error",
    ]
    /// A result download is truncated.
    public var corruptResult = 0.0
    /// A 200 answer with an HTML error page instead of JSON or an image.
    public var htmlPage = 0.0
    /// A hostile or broken server that quotes the bearer key it received back (`KeyQuote`):
    /// each submission drawn takes the next of three places in turn, so `quote_key=1` hits all
    /// three deterministically: a 400 error body, a failed task's `error.message`, and the
    /// user information of a completed task's result URLs.
    public var quoteKey = 0.0
    /// A task whose prompt asks for a white background (`WhiteBackgroundPrompt`) renders on
    /// #F5F5F5 instead of pure white: what a marketplace's main-image check must refuse. Drawn
    /// once per task at submission; a scene prompt has no white to spoil and is never drawn.
    public var offWhite = 0.0
    /// A task whose prompt asks for a white background renders the product spanning 50% of the
    /// frame instead of 88%, below the 85% a main image needs. Drawn as `offWhite` is, and
    /// likewise never for a scene.
    public var smallProduct = 0.0

    public init() {}

    public static let none = SimulatorFaults()

    /// Everything at once, at rates a resilient client must shrug off.
    public static let chaos: SimulatorFaults = {
        var faults = SimulatorFaults()
        faults.serverError = 0.10
        faults.rateLimited = 0.05
        faults.dropConnection = 0.02
        faults.failedTask = 0.03
        faults.corruptResult = 0.01
        faults.htmlPage = 0.01
        faults.slow = 0.02
        return faults
    }()

    /// `none`, `chaos`, or `name=rate,…` with names 5xx, 429, drop, slow, stuck, failed,
    /// corrupt, html, quote_key, off_white, small_product (e.g. `5xx=0.1,drop=0.02`); a profile
    /// may be followed by overrides. `chaos` leaves off_white and small_product at 0: they test
    /// a compliance check, not a client's resilience.
    public static func parse(_ text: String) throws(SimulatorFaultsError) -> SimulatorFaults {
        var faults = SimulatorFaults()
        for part in text.split(separator: ",").map({ $0.trimmingCharactersInSet() }) where !part.isEmpty {
            if part == "none" { faults = .none; continue }
            if part == "chaos" { faults = .chaos; continue }
            let pieces = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pieces.count == 2, let rate = Double(pieces[1]), (0...1).contains(rate) else {
                throw SimulatorFaultsError(text: part)
            }
            switch pieces[0] {
            case "5xx": faults.serverError = rate
            case "429": faults.rateLimited = rate
            case "drop": faults.dropConnection = rate
            case "slow": faults.slow = rate
            case "stuck": faults.stuckTask = rate
            case "failed": faults.failedTask = rate
            case "corrupt": faults.corruptResult = rate
            case "html": faults.htmlPage = rate
            case "quote_key": faults.quoteKey = rate
            case "off_white": faults.offWhite = rate
            case "small_product": faults.smallProduct = rate
            default: throw SimulatorFaultsError(text: part)
            }
        }
        return faults
    }
}

public struct SimulatorFaultsError: Error, CustomStringConvertible {
    public var text: String

    public var description: String {
        "unknown fault `\(text)`: use none, chaos, or name=rate (0–1) with 5xx, 429, drop, slow, stuck, failed, "
            + "corrupt, html, quote_key, off_white, small_product"
    }
}

extension Substring {
    fileprivate func trimmingCharactersInSet() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
