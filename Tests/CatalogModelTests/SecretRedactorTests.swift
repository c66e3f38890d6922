import CatalogModel
import CatalogTestSupport
import Foundation
import Testing

/// What `SecretRedactor` removes, and that it leaves everything else alone.
struct SecretRedactorTests {
    static let key = FakeAPIKey.quoted
    let redactor = SecretRedactor(secret: SecretRedactorTests.key)

    func redacted(_ text: String) throws -> String {
        try #require(redactor).redact(text)
    }

    @Test(arguments: [
        key, key.uppercased(), key.lowercased(), "FAKE-quoted_KEY-FOR-tests-0123",
        key.replacingOccurrences(of: "-", with: "%2D"), key.replacingOccurrences(of: "-", with: "%2d"),
        key.replacingOccurrences(of: "_", with: "%5F").uppercased(),
        key.utf8.map { String(format: "%%%02X", $0) }.joined(), key.utf8.map { String(format: "%%%02x", $0) }.joined(),
    ])
    func everyCaseAndPercentEncodingIsRedacted(form: String) throws {
        #expect(try redacted("before \(form) after") == "before \(SecretRedactor.placeholder) after")
        #expect(try redacted(form) == SecretRedactor.placeholder)
    }

    @Test(arguments: ["", "u", "us", "use", "user", "a-much-longer-user-name"])
    func base64CredentialsForAnyUserAreRedacted(user: String) throws {
        let basic = Data("\(user):\(Self.key)".utf8).base64EncodedString()
        let standalone = Data(Self.key.utf8).base64EncodedString()
        for encoded in [
            basic, standalone, basic.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_"),
        ] {
            let text = try redacted("Authorization: Basic \(encoded)")
            #expect(text.contains(SecretRedactor.placeholder), "\(user): \(text)")
            // What is left of the encoding is the user and at most two characters of the key.
            #expect(text.count < "Authorization: Basic ".count + SecretRedactor.placeholder.count + user.count * 2 + 8)
        }
    }

    @Test func textWithoutTheKeyIsUnchanged() throws {
        for text in [
            "", String(Self.key.dropLast()), "%", "%2", "%zz", "ünïcödé ✓ \u{1B}[2J", Self.key.prefix(5) + "%2",
            Data(Self.key.prefix(15).utf8).base64EncodedString(),
        ] {
            #expect(try redacted(text) == text)
        }
    }

    @Test func overlappingAndRepeatedCopiesAreAllRedacted() throws {
        let text = try redacted("\(Self.key)\(Self.key.uppercased()) and \(Self.key)")
        #expect(text == "\(SecretRedactor.placeholder)\(SecretRedactor.placeholder) and \(SecretRedactor.placeholder)")
    }

    @Test func aSecretWithAPercentSignMatchesItsOwnEncoding() throws {
        let redactor = try #require(SecretRedactor(secret: "key%25with%percent-signs"))
        #expect(redactor.redact("x key%2525with%25percent-signs y") == "x \(SecretRedactor.placeholder) y")
        #expect(SecretRedactor(secret: "") == nil)
    }

    @Test(arguments: [
        ("http://user:KEY@host/x", "http://host/x"), ("https://u@h.test:8443/a?b=c@d", "https://h.test:8443/a?b=c@d"),
        ("HTTP://a:b:c@[::1]/p", "HTTP://[::1]/p"), ("https://host/x@y", "https://host/x@y"),
        ("mailto:me@host", "mailto:me@host"), ("not a url", "not a url"), ("http://a@b@host", "http://host"),
    ])
    func userInformationIsRemoved(url: String, kept: String) {
        #expect(URLUserInfo.removed(from: url) == kept)
    }
}
