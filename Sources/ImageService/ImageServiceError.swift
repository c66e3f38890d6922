/// Everything that can go wrong talking to the image API, sorted by what the caller must do.
public struct ImageServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// Try again later (429, 502, 503, timeouts, connection errors, retryable task codes).
        case retryable
        /// Will fail the same way again: fix the request or the key (400, 401, 403, policy…).
        case permanent
        /// The account or key is out of credit (402): top up, then rerun.
        case balance
        /// A paid POST whose answer was lost: it may have been charged. Recover it with the same
        /// idempotency key, never with a new one.
        case outcomeUnknown
    }

    public var kind: Kind
    /// The API's `error.code` or a local code such as `connection_failed`.
    public var code: String
    public var message: String
    public var httpStatus: Int?
    /// The server's `Retry-After`, capped, when it sent one.
    public var retryAfter: Duration?

    public init(kind: Kind, code: String, message: String, httpStatus: Int? = nil, retryAfter: Duration? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.retryAfter = retryAfter
    }

    public var isRetryable: Bool { kind == .retryable || kind == .outcomeUnknown }

    /// What the user should do about it.
    public var suggestion: String {
        switch kind {
        case .retryable: "temporary; rerun the same command to retry"
        case .permanent:
            switch code {
            case "unauthorized", "invalid_token": "check EVOLINK_API_KEY"
            case "content_policy_violation": "revise the prompt or reference images"
            default: "fix the request (see the message) and rerun"
            }
        case .balance: "top up the EvoLink account or raise the key's limit, then rerun"
        case .outcomeUnknown: "rerun: the job is recovered with its original idempotency key, not charged again"
        }
    }

    public var description: String {
        let status = httpStatus.map { "HTTP \($0) " } ?? ""
        return "\(status)\(code): \(message) (\(suggestion))"
    }
}
