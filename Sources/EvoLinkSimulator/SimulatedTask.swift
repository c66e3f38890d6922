/// One task the simulator accepted, with everything needed to answer for it later.
struct SimulatedTask: Sendable {
    var id: String
    var created: Double
    var duration: Double
    var request: GenerationValidator.Accepted
    var creditsReserved: Double
    var idempotencyKey: String?
    /// The request as decoded, to tell an idempotent replay (same request, whatever the JSON
    /// key order or spacing) from a conflict (another request under the same key).
    var originalRequest: SimulatorWire.GenerationRequest
    var settled = false
    var fate: Fate = .completes
    /// A read has reported it finished (the client's slot for it is free from then on).
    var finishReported = false
    /// The first reference image as fetched at submission (drawn into the result).
    var reference: [UInt8]?
    /// Why a task that fails for a reason of its own (not an injected fault) failed.
    var failureMessage: String?
    /// `user:key` to put before the host of its result URLs (the `quote_key` fault).
    var resultUserInfo: String?
    /// What the `off_white` and `small_product` faults spoil in its results, drawn once at
    /// submission so every download of the task shows the same image.
    var whiteBackgroundFlaws = WhiteBackgroundFlaws.none

    /// What the task will do: a fault may make it hang or fail.
    enum Fate: Sendable, Equatable {
        case completes, stuck
        case fails(String)
    }

    var completesAt: Double { fate == .stuck ? .infinity : created + duration }

    /// The `task_info.estimated_time` a read reports: whole seconds left until the task was
    /// due. A stuck task keeps saying it is nearly done (at least 1 s), as a hung backend
    /// does, instead of a time it can never state (it never finishes).
    func estimatedSecondsLeft(at now: Double) -> Int {
        let left = max(0, created + duration - now)
        return fate == .stuck ? max(1, Int(left.rounded(.up))) : Int(left)
    }

    /// The final charge once completed: for token billing, `share` of the reservation (to the
    /// credit's 4th decimal); the beta channel's fixed price per image, all of it.
    func creditsCharged(share: Double) -> Double {
        guard request.model != "gpt-image-2-beta" else { return creditsReserved }
        return (creditsReserved * min(max(share, 0), 1) * 10_000).rounded() / 10_000
    }

    func status(at now: Double) -> (status: String, progress: Int) {
        let elapsed = now - created
        if elapsed >= duration, case .fails = fate { return ("failed", 0) }
        if fate == .stuck { return ("processing", min(99, max(1, Int(elapsed / max(duration, 1) * 50)))) }
        if elapsed >= duration { return ("completed", 100) }
        if elapsed < duration * 0.1 { return ("pending", 0) }
        return ("processing", min(99, max(1, Int(elapsed / duration * 100))))
    }
}

/// A reference image uploaded through the files API.
struct StoredFile: Sendable {
    var id: String
    var name: String
    var mimeType: String
    var bytes: [UInt8]
    var expiresAt: Double
}

/// An `image_urls` entry the simulator could not fetch: its task fails with
/// `image_processing_error` (evolink-api.md §2.6, §9.3) instead of drawing without it.
struct UnreachableReference: Error, Equatable {
    var url: String

    static let code = "image_processing_error"

    var message: String {
        "Image processing error: the input image \(url.prefix(200)) could not be downloaded. "
            + "Check that the URL is publicly accessible and the image's format and size."
    }
}
