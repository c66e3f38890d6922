import Testing

@testable import ImageService

/// How `HTTPTarget` reads a URL into an origin, a `Host` header and a request target.
struct HTTPTargetTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var url: String
        var isTLS: Bool
        var host: String
        var port: Int
        var hostHeader: String
        var requestTarget: String
        var testDescription: String { url }
    }

    @Test(arguments: [
        Case(
            url: "http://example.com", isTLS: false, host: "example.com", port: 80, hostHeader: "example.com",
            requestTarget: "/"),
        Case(
            url: "https://example.com", isTLS: true, host: "example.com", port: 443, hostHeader: "example.com",
            requestTarget: "/"),
        Case(
            url: "HTTPS://API.EvoLink.ai/v1/x", isTLS: true, host: "api.evolink.ai", port: 443,
            hostHeader: "API.EvoLink.ai", requestTarget: "/v1/x"),
        Case(
            url: "http://h:8080/p?q=1&r=%20#frag", isTLS: false, host: "h", port: 8080, hostHeader: "h:8080",
            requestTarget: "/p?q=1&r=%20"),
        Case(url: "http://h:80/a", isTLS: false, host: "h", port: 80, hostHeader: "h", requestTarget: "/a"),
        Case(url: "https://h:443/a", isTLS: true, host: "h", port: 443, hostHeader: "h", requestTarget: "/a"),
        Case(url: "https://h:80/a", isTLS: true, host: "h", port: 80, hostHeader: "h:80", requestTarget: "/a"),
        Case(url: "http://h:08080/", isTLS: false, host: "h", port: 8080, hostHeader: "h:8080", requestTarget: "/"),
        Case(url: "http://h?x=1", isTLS: false, host: "h", port: 80, hostHeader: "h", requestTarget: "/?x=1"),
        Case(url: "http://h#top", isTLS: false, host: "h", port: 80, hostHeader: "h", requestTarget: "/"),
        Case(url: "http://h/a#b?c", isTLS: false, host: "h", port: 80, hostHeader: "h", requestTarget: "/a"),
        Case(url: "http://h/a?b#c?d", isTLS: false, host: "h", port: 80, hostHeader: "h", requestTarget: "/a?b"),
        Case(
            url: "http://127.0.0.1:9/x", isTLS: false, host: "127.0.0.1", port: 9, hostHeader: "127.0.0.1:9",
            requestTarget: "/x"),
        Case(
            url: "http://[::1]:8080/x", isTLS: false, host: "::1", port: 8080, hostHeader: "[::1]:8080",
            requestTarget: "/x"),
        Case(
            url: "https://[2001:DB8::1]/", isTLS: true, host: "2001:db8::1", port: 443, hostHeader: "[2001:DB8::1]",
            requestTarget: "/"),
        Case(url: "http://[::1]:80", isTLS: false, host: "::1", port: 80, hostHeader: "[::1]", requestTarget: "/"),
        // Read as bytes: a non-ASCII host is lower-cased as text, and a delimiter followed by a
        // combining mark is still a delimiter.
        Case(
            url: "http://BÜCHER.example/ä", isTLS: false, host: "bücher.example", port: 80,
            hostHeader: "BÜCHER.example", requestTarget: "/ä"),
        Case(
            url: "http://h/\u{301}x?\u{301}", isTLS: false, host: "h", port: 80, hostHeader: "h",
            requestTarget: "/\u{301}x?\u{301}"),
    ])
    func parses(_ expected: Case) throws {
        let target = try #require(HTTPTarget(expected.url))
        #expect(target.origin == HTTPTarget.Origin(isTLS: expected.isTLS, host: expected.host, port: expected.port))
        #expect(target.hostHeader == expected.hostHeader)
        #expect(target.requestTarget == expected.requestTarget)
    }

    @Test(arguments: [
        "", "example.com", "example.com/v1", "127.0.0.1:8080/x", "ftp://example.com/", "file:///etc/passwd",
        "ws://example.com/", "http:/example.com", "http:example.com", "http://", "https://", "http:///x", "http://?x",
        "http://#x", "http://:80/", "http://user:pass@example.com/", "http://user@example.com/",
        "http://example.com@evil.com/", "http://example.com/a b", " http://example.com/", "http://example.com/\t",
        "http://example.com/\u{7F}", "http://exa\nmple.com/", "http://example.com:0/", "http://example.com:65536/",
        "http://example.com:99999/", "http://example.com:123456/", "http://example.com:abc/", "http://example.com:/",
        "http://example.com:-1/", "http://example.com:+80/", "http://example.com: 80/", "http://example.com:８０/",
        "http://example.com:80:80/", "http://::1/", "http://::1:8080/", "http://[::1", "http://[::1]x/",
        "http://[::1]:/", "http://[::1]:0/", "http://[]/",
    ])
    func rejects(_ url: String) {
        #expect(HTTPTarget(url) == nil)
    }

    @Test func originsCompareByScheme() throws {
        let plain = try #require(HTTPTarget("http://h:8443/"))
        let tls = try #require(HTTPTarget("https://h:8443/"))
        #expect(plain.origin != tls.origin)
        #expect(try #require(HTTPTarget("http://H/")).origin == (try #require(HTTPTarget("http://h:80/x"))).origin)
    }

    @Test(arguments: [
        ("http://h:8080/a/b", "/c?d#e", "http://h:8080/c?d#e"),
        ("https://h/a", "/c", "https://h:443/c"),
        ("http://[::1]:9/a", "/c", "http://[::1]:9/c"),
        ("http://h/a", "https://other.example/x", "https://other.example/x"),
        ("http://h/a", "HTTP://other.example", "HTTP://other.example"),
        ("http://h:8080/a/b", "c", "http://h:8080/a/c"),
        ("http://h:8080/a/b", "c?q#f", "http://h:8080/a/c?q#f"),
        ("http://h:8080/a/b", "../c", "http://h:8080/c"),
        ("http://h:8080/a/b", "../../../c", "http://h:8080/c"),
        ("http://h:8080/a/b", "./c/./d/../e", "http://h:8080/a/c/e"),
        ("http://h:8080/a/b", ".", "http://h:8080/a/"),
        ("http://h:8080/a/b", "..", "http://h:8080/"),
        ("http://h:8080/a/b?old=1", "?x=1", "http://h:8080/a/b?x=1"),
        ("http://h:8080/a/b/", "c", "http://h:8080/a/b/c"),
        ("http://h:8080/", "c", "http://h:8080/c"),
        ("http://h:8080/a", "/b/../c/./d", "http://h:8080/c/d"),
        ("http://h:8080/a", "/a//b", "http://h:8080/a//b"),
        ("https://h/a", "//other.example/x", "https://other.example/x"),
        ("http://[::1]:9/a/b", "c", "http://[::1]:9/a/c"),
    ])
    func resolvesLocation(base: String, location: String, expected: String) throws {
        let target = try #require(HTTPTarget(base))
        let resolved = try #require(target.resolve(location))
        #expect(resolved == expected)
        #expect(HTTPTarget(resolved) != nil)
    }

    @Test(arguments: [
        "", "#f", "ftp://other.example/x", "http://u:p@other.example/", "//u:p@other.example/x", "//", "/a b",
        "c\td", "c\u{7F}", "mailto:x@example.com", "javascript:alert(1)", "HTTPS:/missing-slash",
    ])
    func doesNotResolve(location: String) throws {
        let target = try #require(HTTPTarget("http://h:8080/a/b"))
        let resolved = target.resolve(location)
        // Either not followed at all, or (for a path) only to something that is itself a valid target.
        #expect(resolved.flatMap { HTTPTarget($0) } == nil)
    }
}
