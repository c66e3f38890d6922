import ImageService
import Testing

/// `NO_PROXY` as curl reads it, and the machine itself never proxied.
struct NoProxyListTests {
    @Test(arguments: [
        ("evolink.test", "evolink.test", true),
        ("evolink.test", "api.evolink.test", true),
        (".evolink.test", "api.evolink.test", true),
        (".evolink.test", "evolink.test", true),
        ("*.evolink.test", "api.evolink.test", true),
        ("evolink.test", "notevolink.test", false),
        ("evolink.test", "evolink.test.evil.example", false),
        ("EVOLINK.TEST", "evolink.test", true),
        ("evolink.test:443", "evolink.test", true),
        ("evolink.test.", "evolink.test", true),
        ("a.example, evolink.test", "evolink.test", true),
        ("a.example evolink.test", "evolink.test", true),
        ("*", "anything.example", true),
        ("10.0.0.0/8", "10.20.30.40", true),
        ("10.0.0.0/8", "11.0.0.1", false),
        ("192.168.1.5", "192.168.1.5", true),
        ("192.168.1.0/33", "192.168.1.5", false),
        ("[2001:db8::1]", "2001:db8::1", true),
        ("", "evolink.test", false),
        (",,", "evolink.test", false),
        ("", "localhost", true),
        ("", "127.0.0.1", true),
        ("", "127.8.9.10", true),
        ("", "::1", true),
        ("", "api.localhost", true),
        ("", "128.0.0.1", false),
    ])
    func matches(list: String, host: String, bypasses: Bool) {
        #expect(NoProxyList(list).bypasses(host: host) == bypasses)
    }

    @Test func aListGivenAsEntriesReadsTheSame() {
        #expect(NoProxyList(entries: ["a.example", ".evolink.test"]) == NoProxyList("a.example,.evolink.test"))
    }
}
