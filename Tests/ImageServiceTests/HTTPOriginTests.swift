import Testing

@testable import ImageService

/// How `HTTPOrigin` reads a URL: what the bearer key and the proxy are chosen by.
struct HTTPOriginTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var url: String
        var isTLS: Bool
        var host: String
        var port: Int
        var testDescription: String { url }
    }

    @Test(arguments: [
        Case(
            url: "http://example.com", isTLS: false, host: "example.com", port: 80),
        Case(
            url: "https://example.com", isTLS: true, host: "example.com", port: 443),
        Case(
            url: "HTTPS://API.EvoLink.ai/v1/x", isTLS: true, host: "api.evolink.ai", port: 443),
        Case(
            url: "http://h:8080/p?q=1&r=%20#frag", isTLS: false, host: "h", port: 8080),
        Case(url: "http://h:80/a", isTLS: false, host: "h", port: 80),
        Case(url: "https://h:443/a", isTLS: true, host: "h", port: 443),
        Case(url: "https://h:80/a", isTLS: true, host: "h", port: 80),
        Case(url: "http://h:08080/", isTLS: false, host: "h", port: 8080),
        Case(url: "http://h?x=1", isTLS: false, host: "h", port: 80),
        Case(url: "http://h#top", isTLS: false, host: "h", port: 80),
        Case(url: "http://h/a#b?c", isTLS: false, host: "h", port: 80),
        Case(url: "http://h/a?b#c?d", isTLS: false, host: "h", port: 80),
        Case(
            url: "http://127.0.0.1:9/x", isTLS: false, host: "127.0.0.1", port: 9),
        Case(
            url: "http://[::1]:8080/x", isTLS: false, host: "::1", port: 8080),
        Case(
            url: "https://[2001:DB8::1]/", isTLS: true, host: "2001:db8::1", port: 443),
        Case(url: "http://[::1]:80", isTLS: false, host: "::1", port: 80),
        // Read as bytes: a non-ASCII host is lower-cased as text.
        Case(
            url: "http://BÜCHER.example/ä", isTLS: false, host: "bücher.example", port: 80),
        Case(
            url: "http://h/\u{301}x?\u{301}", isTLS: false, host: "h", port: 80),
    ])
    func parses(_ expected: Case) throws {
        let origin = try #require(HTTPOrigin(url: expected.url))
        #expect(origin == HTTPOrigin(isTLS: expected.isTLS, host: expected.host, port: expected.port))
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
        #expect(HTTPOrigin(url: url) == nil)
    }

    @Test func originsCompareByScheme() throws {
        #expect(HTTPOrigin(url: "http://h:8443/") != HTTPOrigin(url: "https://h:8443/"))
        #expect(try #require(HTTPOrigin(url: "http://H/")) == (try #require(HTTPOrigin(url: "http://h:80/x"))))
    }
}
