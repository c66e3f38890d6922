import CatalogModel
import CatalogTestSupport
import PipelineSpec
import Testing

/// The `api:` section's network keys: `proxy`, `no_proxy`, `ca_bundle`.
struct APINetworkSpecTests {
    static let header = "version: 1\nfeed:\n  source: a.csv\nprompt: \"{{title}}\"\noutput:\n  folder: out\n"

    @Test func theKeysAreRead() throws {
        let spec = try loadSpec(
            Self.header
                + "api:\n  proxy: http://proxy.corp.example:3128\n  no_proxy: [internal.example, .corp.example]\n"
                + "  ca_bundle: certs/corp.pem\n")
        #expect(spec.api.proxy == "http://proxy.corp.example:3128")
        #expect(spec.api.noProxy == ["internal.example", ".corp.example"])
        #expect(spec.api.caBundle == "/specs/certs/corp.pem", "relative to the spec's folder")
        #expect(spec.warnings.isEmpty)
    }

    @Test func noProxyMayBeACommaString() throws {
        let spec = try loadSpec(Self.header + "api:\n  no_proxy: \"internal.example, .corp.example\"\n")
        #expect(spec.api.noProxy == ["internal.example", ".corp.example"])
    }

    @Test(arguments: [
        ("api:\n  proxy: 1️⃣ftp://proxy:21\n", "`api.proxy` must be an http:// or socks5:// proxy, not ftp://"),
        ("api:\n  proxy: 1️⃣[a, b]\n", "`api.proxy` must be"),
        ("api:\n  no_proxy: 1️⃣{a: b}\n", "`api.no_proxy` must be a list"),
        ("api:\n  1️⃣proxi: http://p:1\n", "unknown key `proxi` in `api`; did you mean `proxy`?"),
    ])
    func mistakesPointAtTheirLine(marked: String, message: String) throws {
        let source = MarkedText(Self.header + marked)
        let error = #expect(throws: DiagnosticsError.self) { try loadSpec(source.text) }
        let diagnostic = try #require(
            error?.diagnostics.first { $0.description.contains(message) }, "\(error?.diagnostics ?? [])")
        #expect(diagnostic.location?.line == source["1"].line)
        #expect(diagnostic.location?.column == source["1"].column)
    }

    /// Specs are committed: a password in one is a leak waiting to happen.
    @Test func credentialsInTheSpecAreAWarning() throws {
        let spec = try loadSpec(Self.header + "api:\n  proxy: http://egress:hunter2@proxy:3128\n")
        let warning = try #require(spec.warnings.first { $0.description.contains("`api.proxy` holds credentials") })
        #expect(warning.suggestion?.contains("HTTPS_PROXY") == true)
        #expect(!warning.description.contains("hunter2"))
    }
}
