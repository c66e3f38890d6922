import Foundation
import Synchronization

/// What guards the review server: a token made fresh for each session (printed at start in the
/// page's URL, needed by every route; decisions take it only from a header the page sends, so no
/// other site can make a reviewer's browser write), and the Host names it answers to (so a
/// DNS-rebinding page cannot read it either).
public final class ReviewSession: Sendable {
    public let token: String
    private let hosts: Set<String>
    private let port = Mutex(0)

    /// `host` is the address served on; loopback names are always accepted.
    public init(host: String, token: String = ReviewSession.makeToken()) {
        self.token = token
        hosts = Set(
            ["127.0.0.1", "localhost", "[::1]", host.contains(":") ? "[\(host)]" : host].map { $0.lowercased() })
    }

    /// 256 random bits, hex.
    public static func makeToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(generator.next() as UInt64, radix: 16).leftPadded(to: 16) }.joined()
    }

    /// The cookie that carries the token for the page's images (`TokenCheck`). Cookies are
    /// shared by every port of a host: the name keeps two review servers' tokens apart.
    public var cookieName: String { "catalog-refresh-review-\(port.withLock { $0 })" }

    func bound(to port: Int) {
        self.port.withLock { $0 = port }
    }

    /// Whether `authority` (the Host header) names this server.
    func accepts(authority: String?) -> Bool {
        guard let authority = authority?.lowercased(), let colon = authority.lastIndex(of: ":") else { return false }
        let port = port.withLock { $0 }
        return hosts.contains(String(authority[..<colon])) && authority[authority.index(after: colon)...] == "\(port)"
    }

    /// Compares in time independent of where the strings differ.
    func accepts(token candidate: String?) -> Bool {
        guard let candidate else { return false }
        let (given, expected) = (Array(candidate.utf8), Array(token.utf8))
        guard given.count == expected.count else { return false }
        return zip(given, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
