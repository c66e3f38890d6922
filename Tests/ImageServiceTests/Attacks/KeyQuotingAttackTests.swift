import CatalogModel
import CatalogTestSupport
import EvoLinkSimulator
import Foundation
import ImageService
import Testing

/// Servers that quote the API key back: the client keeps no copy of it, in any form, in what it
/// hands on (errors, task snapshots, URLs).
@Suite("Key quoting attacks")
struct KeyQuotingAttackTests {
    static let key = FakeAPIKey.quoted

    /// Every form of the key the simulator's `quote_key` fault and the tests below use.
    static func leaks(_ text: String) -> Bool {
        let folded = text.lowercased()
        let basic = Data("user:\(key)".utf8).base64EncodedString()
        return folded.contains(key.lowercased())
            || folded.contains(key.lowercased().replacingOccurrences(of: "-", with: "%2d"))
            || text.contains(String(basic.dropFirst(4).dropLast(4)))
            || (text.removingPercentEncoding?.lowercased().contains(key.lowercased()) ?? false)
    }

    func client(_ transport: any HTTPTransport, baseURL: String = "https://api.test") -> EvoLinkClient {
        EvoLinkClient.make(
            configuration: .init(apiBaseURL: baseURL), apiKey: APIKey(Self.key), transport: transport)
    }

    let request = GenerationRequest(prompt: "a mug", imageURLs: [], settings: ImageSettings(size: "1024x1024"))

    /// #20 item 1: a simulator that quotes the key back (`quote_key=1`) in a 400 error body, in a
    /// failed task's `error.message` (upper-cased and percent-encoded copies, base64 `user:key`
    /// too) and in result URLs' user information: on main the task message and the URL kept it.
    @Test func theSimulatorsThreeQuotesReachNoSnapshotOrError() async throws {
        var faults = SimulatorFaults()
        faults.quoteKey = 1
        let configuration = SimulatorConfiguration(timeScale: 0.001, faults: faults)
        try await withSimulatorClient(configuration, apiKey: Self.key) { client, simulator in

            let refused = await #expect(throws: ImageServiceError.self) {
                try await client.submit(request, idempotencyKey: "cr-quote-0000000000")
            }
            #expect(refused?.httpStatus == 400)
            #expect(refused.map { !Self.leaks($0.description) } == true, "\(refused.map(\.description) ?? "")")
            #expect(refused?.message.contains(SecretRedactor.placeholder) == true)

            let failing = try await client.submit(request, idempotencyKey: "cr-quote-1111111111")
            let completing = try await client.submit(request, idempotencyKey: "cr-quote-2222222222")
            await simulator.state.advanceClock(bySeconds: 3600)
            let failed = try await client.task(id: failing.id)
            #expect(failed.status == .failed)
            let message = try #require(failed.errorMessage)
            #expect(!Self.leaks(message), "\(message)")
            #expect(message.contains(SecretRedactor.placeholder))

            let completed = try await client.task(id: completing.id)
            #expect(completed.status == .completed)
            let url = try #require(completed.results.first)
            #expect(!Self.leaks(url) && !url.contains("@"), "\(url)")
            #expect(url.hasPrefix(simulator.baseURL + "/results/"))
            // Without the credentials the server put in it, the result still downloads.
            let image = try await client.downloadResult(from: url, maxBytes: 50 << 20)
            #expect(Array(image.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        }
    }

    /// #20 item 1: the files API answering `success: false` with the key in `msg`, and a file URL
    /// with the key as user information: on main both were kept as sent.
    @Test func theFilesAPIsMessageAndURLAreRedacted() async throws {
        let quoted = KeyQuotingAttackTests.key.uppercased()
        let refusing = ScriptedTransport(
            status: 200, json: #"{"success":false,"code":40001,"msg":"bad token \#(quoted)"}"#)
        let error = await #expect(throws: ImageServiceError.self) {
            try await client(refusing).uploadReference([1, 2, 3], fileName: "a.png", mimeType: "image/png")
        }
        #expect(error.map { !Self.leaks($0.description) } == true, "\(error.map(\.description) ?? "")")

        let userInfo = ScriptedTransport(
            status: 200,
            json: #"{"success":true,"data":{"file_url":"https://user:\#(Self.key)@files.test/f/a.png"}}"#)
        let uploaded = try await client(userInfo).uploadReference([1, 2, 3], fileName: "a.png", mimeType: "image/png")
        #expect(uploaded.fileURL == "https://files.test/f/a.png")
    }

    /// #20 item 1: a task whose id, status, error code and message quote the key in other
    /// encodings (lower-case hex escapes, every byte encoded, base64 without a user): on main
    /// all of it was kept.
    @Test func aTaskAnswerQuotingTheKeyEverywhereKeepsNoCopy() async throws {
        let everyByte = Self.key.utf8.map { String(format: "%%%02x", $0) }.joined()
        let base64 = Data(Self.key.utf8).base64EncodedString()
        let body = """
            {"id":"task-unified-1-abc","status":"failed","error":{"code":"\(Self.key.uppercased())",
            "message":"key \(everyByte) or \(base64) or \(Self.key.replacingOccurrences(of: "-", with: "%2d"))"}}
            """
        let snapshot = try await client(ScriptedTransport(status: 200, json: body)).task(id: "task-unified-1-abc")
        let kept = [snapshot.id, snapshot.errorCode ?? "", snapshot.errorMessage ?? ""].joined(separator: " ")
        #expect(!Self.leaks(kept) && !kept.contains(String(base64.dropLast(4))), "\(kept)")
    }
}
