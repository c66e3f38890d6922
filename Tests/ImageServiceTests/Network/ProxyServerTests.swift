import ImageService
import Testing

/// Proxy URLs read as curl reads them, and refused with a message that never quotes a password.
struct ProxyServerTests {
    @Test(arguments: [
        ("http://proxy.corp.example:3128", ProxyServer(host: "proxy.corp.example", port: 3128)),
        ("proxy.corp.example:3128", ProxyServer(host: "proxy.corp.example", port: 3128)),
        ("HTTP://Proxy.Corp.Example", ProxyServer(host: "proxy.corp.example", port: 1080)),
        ("http://proxy:8080/ignored/path", ProxyServer(host: "proxy", port: 8080)),
        ("  http://proxy:8080  ", ProxyServer(host: "proxy", port: 8080)),
        ("http://[::1]:3128", ProxyServer(host: "::1", port: 3128)),
        (
            "http://egress:s%40cret%3A1@proxy:3128",
            ProxyServer(host: "proxy", port: 3128, username: "egress", password: "s@cret:1")
        ),
        ("http://egress@proxy:3128", ProxyServer(host: "proxy", port: 3128, username: "egress", password: "")),
        ("socks5://proxy:1080", ProxyServer(kind: .socks5, host: "proxy", port: 1080)),
        ("socks5h://proxy", ProxyServer(kind: .socks5, host: "proxy", port: 1080)),
    ])
    func reads(text: String, expected: ProxyServer) throws {
        #expect(try ProxyServer(parsing: text, source: "HTTPS_PROXY") == expected)
    }

    @Test(arguments: [
        "https://u:hunter2@proxy:3128", "socks4://u:hunter2@proxy", "ftp://u:hunter2@proxy", "socks5://u:hunter2@proxy",
        "http://u:hunter2@proxy:0", "http://u:hunter2@proxy:65536", "http://u:hunter2@proxy:abc",
        "http://u:hunter2@:3128",
        "http://u:hunter2@", "http://u:hunter2@[::1", "http://u:hunter2@[::1]x", "http://u:hunter2%zz@proxy",
        "http://u:hunter2@pro xy:3128", "",
    ])
    func refuses(text: String) {
        #expect {
            try ProxyServer(parsing: text, source: "HTTPS_PROXY")
        } throws: { error in
            let message = "\(error)"
            return message.contains("HTTPS_PROXY") && !message.contains("hunter2")
        }
    }

    @Test func itsDescriptionNeverShowsTheCredentials() throws {
        let proxy = try ProxyServer(parsing: "http://egress:hunter2@proxy:3128", source: "HTTPS_PROXY")
        #expect(proxy.description == "http://proxy:3128 (with credentials)")
        #expect(try ProxyServer(parsing: "http://[::1]:3128", source: "x").description == "http://[::1]:3128")
    }
}
