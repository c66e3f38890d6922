import CatalogModel
import Foundation

/// A proxy as curl reads one from `HTTPS_PROXY`: `[http://][user:password@]host[:port]` or
/// `socks5://host[:port]`, port 1080 when none is given. Requests to an https origin reach it
/// through a tunnel (`CONNECT`, or SOCKS), so the proxy sees a host name and port, never a
/// request's headers (the bearer key among them); an http origin's requests go to an HTTP proxy
/// in absolute form (`ForwardedExchange`), as curl sends them.
public struct ProxyServer: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        case http
        /// SOCKS5, without credentials (AsyncHTTPClient has no SOCKS authentication).
        case socks5
    }

    public var kind: Kind
    public var host: String
    public var port: Int
    /// Sent to the proxy only, as `Proxy-Authorization: Basic` on the `CONNECT` or the forwarded
    /// request.
    public var username: String?
    public var password: String?

    /// The proxy as logs show it: never with its credentials.
    public var description: String {
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return "\(kind.rawValue)://\(host):\(port)" + (username == nil ? "" : " (with credentials)")
    }

    public init(kind: Kind = .http, host: String, port: Int, username: String? = nil, password: String? = nil) {
        self.kind = kind
        self.host = host
        self.port = port
        self.username = username
        self.password = password
    }

    /// Reads `text` as curl does; `source` names where it came from (`HTTPS_PROXY`, `api.proxy`)
    /// in the error, which never quotes the credentials.
    public init(parsing text: String, source: String) throws(NetworkSettingsError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let shown = URLUserInfo.removed(from: trimmed)
        func invalid(_ reason: String) -> NetworkSettingsError {
            .invalidProxy(source: source, shown: shown, reason: reason)
        }
        var rest = Substring(trimmed)
        kind = .http
        if let schemeEnd = rest.range(of: "://") {
            switch rest[..<schemeEnd.lowerBound].lowercased() {
            case "http": kind = .http
            // socks5h resolves names at the proxy, which is what AsyncHTTPClient's SOCKS does.
            case "socks5", "socks5h": kind = .socks5
            case "https": throw invalid("a TLS connection to the proxy itself is not supported; give it as http://")
            case let scheme: throw invalid("`\(scheme)` proxies are not supported; give an http:// or socks5:// proxy")
            }
            rest = rest[schemeEnd.upperBound...]
        }
        // curl ignores a path after the authority; so do we.
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
            let colon = userInfo.firstIndex(of: ":")
            let user = String(userInfo[..<(colon ?? userInfo.endIndex)])
            let password = colon.map { String(userInfo[userInfo.index(after: $0)...]) }
            guard Self.hasValidEscapes(userInfo), let decodedUser = user.removingPercentEncoding,
                let decodedPassword = password.map({ $0.removingPercentEncoding }) ?? .some(nil)
            else { throw invalid("its user name or password has a broken %-escape") }
            username = decodedUser
            self.password = decodedPassword ?? ""
        }
        if kind == .socks5, username != nil {
            throw invalid("SOCKS proxies with credentials are not supported; use an http:// proxy for those")
        }
        var portText: Substring?
        if hostPort.first == "[" {
            guard let close = hostPort.firstIndex(of: "]") else { throw invalid("an IPv6 address lacks its `]`") }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { throw invalid("unexpected text after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else {
            let colon = hostPort.firstIndex(of: ":")
            host = String(hostPort[..<(colon ?? hostPort.endIndex)])
            portText = colon.map { hostPort[hostPort.index(after: $0)...] }
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "%" }) else {
            throw invalid("it names no host")
        }
        host = host.lowercased()
        port = 1080
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw invalid("`\(portText)` is not a port number")
            }
            port = value
        }
    }

    /// Every `%` starts two hex digits.
    private static func hasValidEscapes(_ text: Substring) -> Bool {
        var rest = text[...]
        while let percent = rest.firstIndex(of: "%") {
            let digits = rest[rest.index(after: percent)...].prefix(2)
            guard digits.count == 2, digits.allSatisfy(\.isHexDigit) else { return false }
            rest = rest[digits.endIndex...]
        }
        return true
    }
}
