/// Where one request goes: a connection's origin and the request line's target, read from an
/// absolute `http(s)` URL without Foundation (it runs for every request of a run).
struct HTTPTarget: Equatable {
    /// Connections are pooled per origin.
    struct Origin: Hashable {
        var isTLS: Bool
        /// Lower-cased; an IPv6 literal without its brackets.
        var host: String
        var port: Int
    }

    var origin: Origin
    /// The `Host` header: the host as written, with the port when it is not the scheme's.
    var hostHeader: String
    /// Path and query, at least `/`; the fragment is never sent.
    var requestTarget: String

    /// `nil` for anything that is not an absolute `http(s)` URL with a host, or that carries
    /// user info (credentials never ride in a URL), spaces or control characters.
    init?(_ url: String) {
        let scalars = url.unicodeScalars
        guard !scalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else { return nil }
        let lowered = url.prefix(8).lowercased()
        let isTLS: Bool
        let rest: Substring
        if lowered.hasPrefix("https://") {
            isTLS = true
            rest = url.dropFirst(8)
        } else if lowered.hasPrefix("http://") {
            isTLS = false
            rest = url.dropFirst(7)
        } else {
            return nil
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let afterHost = authority[authority.index(after: close)...]
            if !afterHost.isEmpty {
                guard afterHost.hasPrefix(":") else { return nil }
                portText = afterHost.dropFirst()
            }
        } else {
            // A colon outside brackets starts the port: `http://::1/` is not an address.
            let colon = authority.firstIndex(of: ":")
            host = authority[..<(colon ?? authority.endIndex)]
            portText = colon.map { authority[authority.index(after: $0)...] }
        }
        guard !host.isEmpty else { return nil }
        let defaultPort = isTLS ? 443 : 80
        var port = defaultPort
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ ("0"..."9").contains($0) }),
                let number = Int(portText), (1...65535).contains(number)
            else { return nil }
            port = number
        }
        var target = rest[authorityEnd...]
        if let hash = target.firstIndex(of: "#") { target = target[..<hash] }
        origin = Origin(isTLS: isTLS, host: host.lowercased(), port: port)
        hostHeader = String(authority.hasPrefix("[") ? "[\(host)]" : host) + (port == defaultPort ? "" : ":\(port)")
        requestTarget = target.hasPrefix("/") ? String(target) : "/" + target
    }

    /// Where a redirect's `Location` points: an absolute URL, or a path on this origin.
    func resolve(_ location: String) -> String? {
        if HTTPTarget(location) != nil { return location }
        guard location.hasPrefix("/"), !location.hasPrefix("//") else { return nil }
        let host = origin.host.contains(":") ? "[\(origin.host)]" : origin.host
        return (origin.isTLS ? "https://" : "http://") + host + ":\(origin.port)" + location
    }
}
