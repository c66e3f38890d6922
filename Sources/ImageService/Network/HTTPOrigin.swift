/// The scheme, host and port a URL sends to: what the bearer key is scoped to, and what a proxy
/// and `NO_PROXY` are chosen by. Read from an absolute `http(s)` URL without Foundation, strictly:
/// a URL that this refuses is never sent anywhere with credentials.
public struct HTTPOrigin: Hashable, Sendable {
    public var isTLS: Bool
    /// Lower-cased; an IPv6 literal without its brackets.
    public var host: String
    public var port: Int

    public init(isTLS: Bool, host: String, port: Int) {
        self.isTLS = isTLS
        self.host = host
        self.port = port
    }

    /// `nil` for anything that is not an absolute `http(s)` URL with a host, or that carries
    /// user info (credentials never ride in a URL), spaces or control characters.
    public init?(url: String) {
        // Read as bytes: every delimiter is ASCII, and no byte of a multi-byte UTF-8 sequence is.
        var text = url
        guard let origin = text.withUTF8({ Self.parse($0) }) else { return nil }
        self = origin
    }

    private static func parse(_ url: UnsafeBufferPointer<UInt8>) -> HTTPOrigin? {
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
        if authority.first == UInt8(ascii: "[") {
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
        var port = isTLS ? 443 : 80
        if let portText {
            guard (1...5).contains(portText.count), portText.allSatisfy({ (0x30...0x39).contains($0) }) else {
                return nil
            }
            port = portText.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard (1...65535).contains(port) else { return nil }
        }
        return HTTPOrigin(isTLS: isTLS, host: String(decoding: host, as: UTF8.self).lowercased(), port: port)
    }

    /// Whether `host` names this machine: `localhost`, `::1` (bracketed or not) or an address in
    /// 127.0.0.0/8. What a proxy never handles and what our servers may listen on unasked.
    public static func isLoopback(host: String) -> Bool {
        if ["localhost", "::1", "[::1]"].contains(host.lowercased()) { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber)
                && (Int(part) ?? 256) <= 255
        }
    }

    /// Whether `bytes` start with `prefix` (lower-case ASCII), ignoring the case of ASCII letters.
    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, caseInsensitive prefix: StaticString) -> Bool {
        guard bytes.count >= prefix.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        return zip(bytes, expected).allSatisfy { byte, letter in
            byte == letter || ((0x41...0x5A).contains(byte) && byte | 0x20 == letter)
        }
    }
}
