import ImageService
import Testing

/// Which proxy a request takes: the environment as curl reads it, the spec over it.
struct NetworkSettingsTests {
    let https = HTTPOrigin(isTLS: true, host: "api.evolink.ai", port: 443)
    let http = HTTPOrigin(isTLS: false, host: "evolink.test", port: 80)

    @Test func eachSchemeHasItsOwnVariable() throws {
        let settings = try NetworkSettings.environment([
            "HTTPS_PROXY": "http://secure:3128", "HTTP_PROXY": "http://plain:3128",
        ])
        #expect(settings.proxy(for: https) == ProxyServer(host: "secure", port: 3128))
        #expect(settings.proxy(for: http) == ProxyServer(host: "plain", port: 3128))
        #expect(try NetworkSettings.environment(["HTTPS_PROXY": "http://p:1"]).proxy(for: http) == nil)
    }

    @Test func theLowerCaseNameWinsAndEmptyIsUnset() throws {
        let settings = try NetworkSettings.environment([
            "https_proxy": "http://lower:1", "HTTPS_PROXY": "http://upper:1", "http_proxy": " ",
            "HTTP_PROXY": "http://u:2",
        ])
        #expect(settings.httpsProxy?.host == "lower")
        #expect(settings.httpProxy?.host == "u")
    }

    @Test func noProxyBypasses() throws {
        let settings = try NetworkSettings.environment(["HTTPS_PROXY": "http://p:1", "no_proxy": ".evolink.ai"])
        #expect(settings.proxy(for: https) == nil)
        #expect(settings.proxy(for: HTTPOrigin(isTLS: true, host: "files.example", port: 443)) != nil)
    }

    @Test func theSpecOverridesTheEnvironment() throws {
        let environment = try NetworkSettings.environment([
            "HTTPS_PROXY": "http://env:1", "NO_PROXY": "api.evolink.ai", "SSL_CERT_FILE": "/env/ca.pem",
        ])
        let spec = try environment.overridden(proxy: "http://spec:2", noProxy: [], caBundle: "/spec/ca.pem")
        #expect(spec.proxy(for: https) == ProxyServer(host: "spec", port: 2))
        #expect(spec.proxy(for: http) == ProxyServer(host: "spec", port: 2))
        #expect(spec.caBundle == "/spec/ca.pem")
        let kept = try environment.overridden(proxy: nil, noProxy: nil, caBundle: nil)
        #expect(kept == environment)
    }

    @Test func aBrokenVariableNamesItself() {
        #expect {
            try NetworkSettings.environment(["http_proxy": "gopher://x"])
        } throws: { "\($0)".contains("http_proxy") }
    }

    @Test func anUnreadableCABundleIsRefusedBeforeAnyRequest() throws {
        for path in ["/nonexistent/ca.pem", "/dev/null"] {
            #expect {
                try HTTPClients(settings: NetworkSettings(caBundle: path))
            } throws: { error in
                guard case .invalidCABundle(let source, let shown, _)? = error as? NetworkSettingsError else {
                    return false
                }
                return source == "SSL_CERT_FILE" && shown == path
            }
        }
    }
}
