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
        // Read as bytes: this runs for every request, and scanning `Character`s (grapheme
        // breaking) cost more than the rest of the request's bookkeeping. Every delimiter is
        // ASCII, and no byte of a multi-byte UTF-8 sequence is.
        var text = url
        guard let target = text.withUTF8({ Self.parse($0) }) else { return nil }
        self = target
    }

    private init(origin: Origin, hostHeader: String, requestTarget: String) {
        self.origin = origin
        self.hostHeader = hostHeader
        self.requestTarget = requestTarget
    }

    private static func parse(_ url: UnsafeBufferPointer<UInt8>) -> HTTPTarget? {
        guard !url.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else { return nil }
        let isTLS: Bool
        let authorityStart: Int
        if hasPrefix(url, caseInsensitive: "https://") {
            (isTLS, authorityStart) = (true, 8)
        } else if hasPrefix(url, caseInsensitive: "http://") {
            (isTLS, authorityStart) = (false, 7)
        } else {
            return nil
        }
        let authorityEnd =
            url[authorityStart...].firstIndex {
                $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#")
            }
            ?? url.endIndex
        let authority = url[authorityStart..<authorityEnd]
        guard !authority.isEmpty, !authority.contains(UInt8(ascii: "@")) else { return nil }
        let host: Slice<UnsafeBufferPointer<UInt8>>
        var portText: Slice<UnsafeBufferPointer<UInt8>>?
        let isBracketed = authority.first == UInt8(ascii: "[")
        if isBracketed {
            guard let close = authority.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            host = url[(authority.startIndex + 1)..<close]
            let afterHost = url[(close + 1)..<authority.endIndex]
            if !afterHost.isEmpty {
                guard afterHost.first == UInt8(ascii: ":") else { return nil }
                portText = afterHost.dropFirst()
            }
        } else {
            // A colon outside brackets starts the port: `http://::1/` is not an address.
            let colon = authority.firstIndex(of: UInt8(ascii: ":"))
            host = url[authority.startIndex..<(colon ?? authority.endIndex)]
            portText = colon.map { url[($0 + 1)..<authority.endIndex] }
        }
        guard !host.isEmpty else { return nil }
        let defaultPort = isTLS ? 443 : 80
        var port = defaultPort
        if let portText {
            guard (1...5).contains(portText.count), portText.allSatisfy({ (0x30...0x39).contains($0) }) else {
                return nil
            }
            port = portText.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard (1...65535).contains(port) else { return nil }
        }
        let targetEnd = url[authorityEnd...].firstIndex(of: UInt8(ascii: "#")) ?? url.endIndex
        let target = String(decoding: url[authorityEnd..<targetEnd], as: UTF8.self)
        let hostText = String(decoding: host, as: UTF8.self)
        return HTTPTarget(
            origin: Origin(isTLS: isTLS, host: hostText.lowercased(), port: port),
            hostHeader: (isBracketed ? "[\(hostText)]" : hostText) + (port == defaultPort ? "" : ":\(port)"),
            requestTarget: url[authorityEnd..<targetEnd].first == UInt8(ascii: "/") ? target : "/" + target)
    }

    /// Whether `bytes` start with `prefix` (lower-case ASCII), ignoring the case of ASCII letters.
    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, caseInsensitive prefix: StaticString) -> Bool {
        guard bytes.count >= prefix.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        return zip(bytes, expected).allSatisfy { byte, letter in
            byte == letter || ((0x41...0x5A).contains(byte) && byte | 0x20 == letter)
        }
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
