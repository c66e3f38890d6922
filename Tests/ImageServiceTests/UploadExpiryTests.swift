import CatalogModel
import CatalogTestSupport
import Foundation
import ImageService
import Testing

/// #22: the engine reads no wall clock. The files API's answer gives the upload's expiry; when it
/// gives none the client says so (`nil`), and the uploader applies the documented 72 h on the
/// run's own clock. On main the client made one up from this machine's `Date()`, so on a test
/// clock ahead of the wall clock every reference looked expired and was uploaded again.
struct UploadExpiryTests {
    func upload(answering json: String) async throws -> UploadedFile {
        let client = EvoLinkClient.make(
            configuration: .init(apiBaseURL: "https://api.test"), apiKey: APIKey("fake-key-secret"),
            transport: ScriptedTransport(status: 200, json: json))
        return try await client.uploadReference([1, 2, 3], fileName: "a.png", mimeType: "image/png")
    }

    @Test func anAnswerWithoutAnExpiryGivesNone() async throws {
        let uploaded = try await upload(answering: #"{"success":true,"data":{"file_url":"https://files.test/a.png"}}"#)
        #expect(uploaded.fileURL == "https://files.test/a.png")
        #expect(uploaded.expiresAt == nil)
    }

    @Test func anAnswerWithAnExpiryGivesIt() async throws {
        let uploaded = try await upload(
            answering:
                #"{"success":true,"data":{"file_url":"https://files.test/a.png","expires_at":"2026-12-10T08:00:00Z"}}"#)
        #expect(uploaded.expiresAt == Date(timeIntervalSince1970: 1_796_889_600))
    }
}
