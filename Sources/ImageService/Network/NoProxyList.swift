import Foundation

/// The hosts reached without the proxy, read as curl reads `NO_PROXY`: a comma (or space)
/// separated list of host names, domain suffixes (`corp.example` and `.corp.example` both cover
/// `api.corp.example`), IP addresses, IPv4 ranges (`10.0.0.0/8`) and `*` for every host. The
/// machine itself (`localhost`, `127.0.0.0/8`, `::1`) is always reached directly, so the embedded
/// simulator works behind a proxy.
public struct NoProxyList: Sendable, Equatable {
    private enum Entry: Equatable {
        case domain(String)
        case ipv4Range(network: UInt32, mask: UInt32)
    }

    private var entries: [Entry]
    private var coversEverything: Bool

    public static let none = NoProxyList(entries: [])

    /// `text` as the variable holds it.
    public init(_ text: String) {
        self.init(entries: text.split { $0 == "," || $0 == " " || $0 == "\t" }.map(String.init))
    }

    public init(entries: [String]) {
        var parsed: [Entry] = []
        var everything = false
        for raw in entries {
            let entry = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if entry == "*" {
                everything = true
            } else if let range = Self.ipv4Range(entry) {
                parsed.append(range)
            } else if let host = Self.host(of: entry) {
                parsed.append(.domain(host))
            }
        }
        self.entries = parsed
        self.coversEverything = everything
    }

    /// Whether a request to `host` (lower-cased, an IPv6 literal without brackets) skips the proxy.
    public func bypasses(host: String) -> Bool {
        let host = host.hasSuffix(".") ? String(host.dropLast()) : host
        // `*.localhost` is this machine too (RFC 6761).
        if coversEverything || HTTPOrigin.isLoopback(host: host) || host.hasSuffix(".localhost") { return true }
        let address = Self.ipv4(host)
        return entries.contains { entry in
            switch entry {
            case .domain(let domain): host == domain || host.hasSuffix("." + domain)
            case .ipv4Range(let network, let mask): address.map { $0 & mask == network } ?? false
            }
        }
    }

    /// A host name, an IP address or a suffix, without a leading `.` or `*.` and without a port.
    private static func host(of entry: String) -> String? {
        var entry = Substring(entry)
        while entry.hasPrefix("*.") || entry.hasPrefix(".") { entry = entry.drop { $0 == "*" || $0 == "." } }
        if entry.hasPrefix("[") {
            entry = entry.dropFirst().prefix { $0 != "]" }
        } else if entry.filter({ $0 == ":" }).count == 1, let colon = entry.firstIndex(of: ":") {
            entry = entry[..<colon]
        }
        if entry.hasSuffix(".") { entry = entry.dropLast() }
        return entry.isEmpty ? nil : String(entry)
    }

    private static func ipv4Range(_ entry: String) -> Entry? {
        let parts = entry.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = ipv4(String(parts[0])), let bits = Int(parts[1]), (0...32).contains(bits)
        else { return nil }
        let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
        return .ipv4Range(network: address & mask, mask: mask)
    }

    private static func ipv4(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard (1...3).contains(octet.count), octet.allSatisfy(\.isASCII), let byte = UInt8(octet) else {
                return nil
            }
            value = value << 8 | UInt32(byte)
        }
        return value
    }
}
