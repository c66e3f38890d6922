/// API keys for tests. None has the shape of a real EvoLink key (`sk-evo-…`), so a secret scanner
/// never flags the sources and nobody takes one for a leaked key.
public enum FakeAPIKey {
    /// Letters of both cases, `-` and `_`: what the redaction tests fold and percent-encode.
    public static let quoted = "fake-Quoted_Key-for-tests-0123"
    /// One token of 20+ printable characters, as a key file must hold.
    public static let plain = "fake-key-for-tests-0123456789"
}
