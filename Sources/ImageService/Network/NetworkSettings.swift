import Foundation

/// How the tool reaches the network: the proxies and CA bundle of the machine's environment
/// (as curl and most tools read them), which a spec's `api:` section may override. One value,
/// read once per command, configures every HTTP client the command makes.
public struct NetworkSettings: Sendable, Equatable {
    /// For https origins (`HTTPS_PROXY`).
    public var httpsProxy: ProxyServer?
    /// For http origins (`HTTP_PROXY`).
    public var httpProxy: ProxyServer?
    public var noProxy: NoProxyList
    /// PEM certificates that replace the system's trust roots (`SSL_CERT_FILE`), for a network
    /// that inspects TLS with its own authority.
    public var caBundle: String?
    /// Where `caBundle` came from, for its error message.
    public var caBundleSource = "SSL_CERT_FILE"

    public init(
        httpsProxy: ProxyServer? = nil, httpProxy: ProxyServer? = nil, noProxy: NoProxyList = .none,
        caBundle: String? = nil
    ) {
        self.httpsProxy = httpsProxy
        self.httpProxy = httpProxy
        self.noProxy = noProxy
        self.caBundle = caBundle
    }

    /// The settings `environment` holds. The lower-case name wins where both are set, as in
    /// curl; an empty value is no value.
    public static func environment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(NetworkSettingsError) -> NetworkSettings {
        func value(_ name: String) -> (name: String, value: String)? {
            for candidate in [name.lowercased(), name] {
                if let value = environment[candidate], !value.trimmingCharacters(in: .whitespaces).isEmpty {
                    return (candidate, value)
                }
            }
            return nil
        }
        var settings = NetworkSettings()
        if let (name, text) = value("HTTPS_PROXY") {
            settings.httpsProxy = try ProxyServer(parsing: text, source: name)
        }
        if let (name, text) = value("HTTP_PROXY") { settings.httpProxy = try ProxyServer(parsing: text, source: name) }
        if let (_, text) = value("NO_PROXY") { settings.noProxy = NoProxyList(text) }
        if let path = environment["SSL_CERT_FILE"], !path.isEmpty { settings.caBundle = path }
        return settings
    }

    /// These settings with a spec's choices in place of the environment's: `proxy` for both
    /// kinds of origin, `noProxy` and `caBundle` as given. `nil` keeps what the environment said.
    public func overridden(
        proxy: String?, noProxy: [String]?, caBundle: String?, source: String = "the spec's `api:` section"
    ) throws(NetworkSettingsError) -> NetworkSettings {
        var settings = self
        if let proxy {
            let server = try ProxyServer(parsing: proxy, source: "\(source) (`proxy`)")
            settings.httpsProxy = server
            settings.httpProxy = server
        }
        if let noProxy { settings.noProxy = NoProxyList(entries: noProxy) }
        if let caBundle {
            settings.caBundle = caBundle
            settings.caBundleSource = "\(source) (`ca_bundle`)"
        }
        return settings
    }

    /// The proxy a request to `origin` goes through, or `nil` to connect directly.
    public func proxy(for origin: HTTPOrigin) -> ProxyServer? {
        guard let proxy = origin.isTLS ? httpsProxy : httpProxy, !noProxy.bypasses(host: origin.host) else {
            return nil
        }
        return proxy
    }
}
