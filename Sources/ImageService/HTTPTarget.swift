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

    /// Where a redirect's `Location` points, resolved against this target as RFC 3986 §5.2
    /// says: an absolute URL, a network path (`//host/x`, this scheme), an absolute path, a
    /// relative one (`next`, `../x`, dot segments removed) or a new query. `nil` for an empty or
    /// fragment-only reference (it would point back here), another scheme and control
    /// characters; the caller still checks the result is a target it may send to.
    func resolve(_ location: String) -> String? {
        if HTTPTarget(location) != nil { return location }
        guard let first = location.first, first != "#",
            !location.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F })
        else { return nil }
        // A colon in the first segment makes it an absolute URI of a scheme not followed here.
        let firstSegment = location.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !firstSegment.contains(":") else { return nil }
        let scheme = origin.isTLS ? "https:" : "http:"
        if location.hasPrefix("//") { return scheme + location }
        let suffixStart = location.firstIndex { $0 == "?" || $0 == "#" } ?? location.endIndex
        let reference = location[..<suffixStart]
        let basePath = requestTarget[..<(requestTarget.firstIndex(of: "?") ?? requestTarget.endIndex)]
        let path: String
        if reference.isEmpty {
            path = String(basePath)
        } else if reference.hasPrefix("/") {
            path = Self.removingDotSegments(reference)
        } else {
            let directory = basePath[...(basePath.lastIndex(of: "/") ?? basePath.startIndex)]
            path = Self.removingDotSegments(directory + reference)
        }
        let host = origin.host.contains(":") ? "[\(origin.host)]" : origin.host
        return scheme + "//" + host + ":\(origin.port)" + path + location[suffixStart...]
    }

    /// An absolute path without its `.` and `..` segments (RFC 3986 §5.2.4); `..` never climbs
    /// above the root.
    static func removingDotSegments(_ path: some StringProtocol) -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        var output: [Substring] = []
        for (index, segment) in zip(segments.indices, segments) {
            let isLast = index == segments.endIndex - 1
            switch segment {
            case ".":
                if isLast { output.append("") }
            case "..":
                if !output.isEmpty { output.removeLast() }
                if isLast { output.append("") }
            default:
                output.append(Substring(segment))
            }
        }
        return "/" + output.joined(separator: "/")
    }
}
