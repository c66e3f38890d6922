import Foundation

/// Maps HTTP answers, transport failures and task error codes to `ImageServiceError`, following
/// evolink-api.md §9 and what EvoLink's own clients do (§13).
public enum ErrorClassification {
    static let balanceCodes: Set<String> = [
        "insufficient_quota", "insufficient_user_quota", "quota_not_enough", "account_balance_insufficient",
        "insufficient_token_quota", "key_quota_exhausted", "token_daily_quota_exceeded", "key_daily_quota_exhausted",
    ]
    /// Task error codes worth another attempt (§9.3).
    static let retryableTaskCodes: Set<String> = [
        "generation_timeout", "resource_exhausted", "quota_exceeded", "service_error", "service_unavailable",
        "model_unavailable", "upstream_error", "rate_limited",
    ]

    /// An HTTP answer that is not a success.
    public static func classify(
        status: Int, body: [UInt8], headers: [(name: String, value: String)]
    ) -> ImageServiceError {
        let envelope = try? JSONDecoder().decode(EvoLinkWire.ErrorEnvelope.self, from: Data(body))
        let code = envelope?.error.code?.value ?? "http_\(status)"
        let message = envelope?.error.message ?? "HTTP \(status) without an EvoLink error body"
        let retryAfter = headers.first { $0.name.lowercased() == "retry-after" }.flatMap { parseRetryAfter($0.value) }
        let kind: ImageServiceError.Kind =
            switch status {
            // The key already names a task with another body: never start a new one (§9.1).
            case _ where code == "idempotency_conflict" || code == "paid_outcome_unknown": .outcomeUnknown
            case 402: .balance
            case 408, 425, 429, 500, 502, 503, 504: .retryable
            default: balanceCodes.contains(code) ? .balance : .permanent
            }
        return ImageServiceError(kind: kind, code: code, message: message, httpStatus: status, retryAfter: retryAfter)
    }

    /// A transport failure. For a paid POST anything but a refused connection leaves the
    /// outcome unknown.
    public static func classify(_ error: TransportError, paid: Bool) -> ImageServiceError {
        switch error {
        case .connectionFailed:
            return ImageServiceError(kind: .retryable, code: "connection_failed", message: error.description)
        case .invalidURL:
            return ImageServiceError(kind: .permanent, code: "invalid_url", message: error.description)
        case .responseTooLarge:
            return ImageServiceError(
                kind: paid ? .outcomeUnknown : .permanent, code: "response_too_large", message: error.description)
        case .cannotWriteBody:
            // Only downloads write bodies to disk: the result stays at its URL for a later try.
            return ImageServiceError(kind: .retryable, code: "download_not_written", message: error.description)
        case .timedOut, .responseLost:
            return ImageServiceError(
                kind: paid ? .outcomeUnknown : .retryable, code: "network_error", message: error.description)
        }
    }

    /// A task that ended `failed` or `cancelled`.
    public static func classifyTaskFailure(code: String?, message: String?) -> ImageServiceError {
        let code = code ?? "unknown_error"
        let retryable = retryableTaskCodes.contains(code) || code.hasPrefix("channel_")
        return ImageServiceError(
            kind: retryable ? .retryable : .permanent, code: code, message: message ?? "the task failed")
    }

    /// `Retry-After` as seconds or an HTTP date, capped at 30 s as EvoLink's clients do.
    public static func parseRetryAfter(_ value: String, now: Date = Date()) -> Duration? {
        let cap: Double = 30
        if let seconds = Double(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 {
            return .milliseconds(Int64(min(seconds, cap) * 1000))
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .milliseconds(Int64(max(0, min(date.timeIntervalSince(now), cap)) * 1000))
    }
}
