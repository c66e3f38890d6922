/// Which EvoLink-compatible server a run talks to: the origins of its API and of its files API,
/// and who the key is. Tasks and uploaded files belong to the server that accepted them, so a
/// run reuses, resumes or polls only what its own server holds; a run against another one (a
/// standalone simulator after an offline run, the real API after either) starts over.
public struct ServerIdentity: Sendable, Hashable {
    /// e.g. `https://api.evolink.ai`: scheme, lower-cased host and port, as `origin(of:)` reads them.
    public var apiOrigin: String
    /// e.g. `https://files-api.evolink.ai`.
    public var filesOrigin: String
    /// `sha256:` and the hex SHA-256 of the API key (never the key), or `none` without a key.
    public var keyIdentity: String

    public init(apiOrigin: String, filesOrigin: String, keyIdentity: String) {
        self.apiOrigin = apiOrigin
        self.filesOrigin = filesOrigin
        self.keyIdentity = keyIdentity
    }

    /// What a submission records of the server that took it.
    public var submissionServer: SubmissionServer {
        SubmissionServer(apiOrigin: apiOrigin, keyIdentity: keyIdentity)
    }

    /// The identity of `secret` as stored beside tasks and uploads: a hash, so the database
    /// never holds the key.
    public static func keyIdentity(ofSecret secret: String?) -> String {
        guard let secret else { return "none" }
        return "sha256:" + SHA256.hash(Array(secret.utf8)).hex
    }

    /// `scheme://host[:port]` of `url`, lower-cased, the port only when it is not the scheme's
    /// default; the URL itself when it has no recognisable origin.
    public static func origin(of url: String) -> String {
        let parts = url.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return url }
        let scheme = parts[0].lowercased()
        let rest = parts[1]
        var authority = String(rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }).lowercased()
        if let at = authority.lastIndex(of: "@") { authority = String(authority[authority.index(after: at)...]) }
        let defaultPort = scheme == "https" ? ":443" : scheme == "http" ? ":80" : nil
        if let defaultPort, authority.hasSuffix(defaultPort) { authority.removeLast(defaultPort.count) }
        return "\(scheme)://\(authority)"
    }
}

/// The server that took a job's submission: its API origin and key identity
/// (`ServerIdentity.submissionServer`), recorded with the submission's idempotency key.
public struct SubmissionServer: Sendable, Hashable {
    public var apiOrigin: String
    public var keyIdentity: String

    public init(apiOrigin: String, keyIdentity: String) {
        self.apiOrigin = apiOrigin
        self.keyIdentity = keyIdentity
    }
}

extension SubmissionServer: CustomStringConvertible {
    /// The origin and the start of the key's hash: enough to tell servers apart in a message.
    public var description: String {
        let key = keyIdentity.hasPrefix("sha256:") ? "key " + keyIdentity.dropFirst(7).prefix(12) : "no key"
        return "\(apiOrigin) (\(key))"
    }
}
