/// A proxy or CA bundle setting that cannot be used. Raised before any request is made, so a
/// run never half-starts with a network it cannot reach.
public enum NetworkSettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `shown` is the setting without its credentials.
    case invalidProxy(source: String, shown: String, reason: String)
    case invalidCABundle(source: String, path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidProxy(let source, let shown, let reason):
            "the proxy in \(source) (`\(shown)`) cannot be used: \(reason); "
                + "write it as http://[user:password@]host:port (or socks5://host:port)"
        case .invalidCABundle(let source, let path, let reason):
            "the CA bundle \(path) (from \(source)) cannot be used: \(reason); "
                + "it must be a readable file of PEM certificates"
        }
    }
}
