import Approval
import CatalogModel
import CatalogTestSupport
import Foundation
import JobStore
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The review server over real HTTP on 127.0.0.1: decisions single and bulk, resets, the
/// token, unknown items, malformed bodies, and which files it serves.
@Suite(.serialized)
struct ReviewServerTests {
    struct Reply {
        var status: Int
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        var contentType: String?
    }

    func request(
        _ server: RunningReviewServer, _ path: String, method: String = "GET", body: String? = nil,
        token: String? = nil, host: String? = nil
    ) async throws -> Reply {
        var request = URLRequest(url: try #require(URL(string: server.baseURL + path)))
        request.httpMethod = method
        request.httpBody = body.map { Data($0.utf8) }
        if let token { request.setValue(token, forHTTPHeaderField: "X-Review-Token") }
        if let host { request.setValue(host, forHTTPHeaderField: "Host") }
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return Reply(
            status: http.statusCode, body: [UInt8](data), contentType: http.value(forHTTPHeaderField: "Content-Type"))
    }

    /// A request body as the page sends it: each decision names the image it was made on.
    func decisions(
        _ entries: [(JobKey, String)], note: String? = nil, reviewer: String? = nil, in fixture: ReviewFixture? = nil
    ) throws -> String {
        let images = try fixture.map { try $0.store.storedItems(for: $0.keys) } ?? []
        let file = ReviewDecisionFile(
            decisions: entries.map { key, state in
                let sha256 =
                    images.first { $0.record.job.key == key }?.output.sha256 ?? String(repeating: "0", count: 64)
                return .init(
                    productID: key.productID, variantID: key.variantID, state: state, note: note, sha256: sha256,
                    reviewer: reviewer)
            })
        return String(decoding: try JSONEncoder().encode(file), as: UTF8.self)
    }

    func withServer(_ body: (ReviewFixture, RunningReviewServer) async throws -> Void) async throws {
        try await ReviewFixture.withServer(body)
    }

    @Test func approveRejectAndResetOneItemAtATime() async throws {
        try await withServer { fixture, server in
            let token = server.session.token
            let key = fixture.keys[0]
            let approved = try await request(
                server, "/api/decisions", method: "POST",
                body: try decisions([(key, "approved")], note: "crisp, \"ok\"", reviewer: "mallory", in: fixture),
                token: token)
            #expect(approved.status == 200, "\(approved.text)")
            #expect(try fixture.state(of: key) == .approved)
            #expect(try fixture.store.reviews()[key]?.note == "crisp, \"ok\"")
            // The session's reviewer, whatever the body claims.
            #expect(try fixture.store.reviews()[key]?.reviewer == "ana")
            // The manifest on disk follows at once.
            let manifest = try JSONDecoder().decode(
                Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: fixture.folder + "/manifest.json")))
            #expect(manifest.items.first { $0.productID == key.productID }?.reviewState == "approved")

            let rejected = try await request(
                server, "/api/decisions", method: "POST", body: try decisions([(key, "rejected")], in: fixture),
                token: token)
            #expect(rejected.status == 200)
            #expect(try fixture.state(of: key) == .rejected)
            let reset = try await request(
                server, "/api/decisions", method: "POST", body: try decisions([(key, "pending")], in: fixture),
                token: token)
            #expect(reset.status == 200)
            #expect(try fixture.state(of: key) == .pending)
            let reply = try JSONSerialization.jsonObject(with: Data(reset.body)) as? [String: Any]
            #expect(reply?["applied"] as? Int == 1)
        }
    }

    @Test func aBulkDecisionRecordsEveryItem() async throws {
        try await withServer { fixture, server in
            let reply = try await request(
                server, "/api/decisions", method: "POST",
                body: try decisions(fixture.keys.map { ($0, "approved") }, in: fixture),
                token: server.session.token)
            #expect(reply.status == 200)
            for key in fixture.keys { #expect(try fixture.state(of: key) == .approved) }
            let decoded = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any]
            #expect((decoded?["items"] as? [Any])?.count == fixture.keys.count)
        }
    }

    @Test(arguments: [nil, "", "0000", "wrong-token-of-the-right-length-0000000000000000000000000000000000"])
    func aMissingOrWrongTokenIsRefusedAndChangesNothing(token: String?) async throws {
        try await withServer { fixture, server in
            let reply = try await request(
                server, "/api/decisions", method: "POST", body: try decisions([(fixture.keys[0], "approved")]),
                token: token)
            #expect(reply.status == 403)
            #expect(reply.text.contains("X-Review-Token"))
            #expect(try fixture.store.reviews().isEmpty)
        }
    }

    @Test func anUnknownItemIs404AndTheWholeBatchIsRefused() async throws {
        try await withServer { fixture, server in
            let unknown = JobKey(productID: "NOPE", variantID: "background=marble")
            let reply = try await request(
                server, "/api/decisions", method: "POST",
                body: try decisions([(fixture.keys[0], "approved"), (unknown, "approved")], in: fixture),
                token: server.session.token
            )
            #expect(reply.status == 404)
            #expect(reply.text.contains("NOPE"))
            #expect(try fixture.store.reviews().isEmpty)
        }
    }

    @Test(arguments: [
        "", "{", "[]", "{\"decisions\": {}}", "{\"decisions\": [{\"product_id\": \"MUG-1\"}]}",
        "{\"decisions\": [{\"product_id\": \"MUG-1\", \"variant_id\": \"background=marble\", \"state\": \"approved\"}]}",
        "{\"decisions\": [{\"product_id\": \"MUG-1\", \"variant_id\": \"background=marble\", \"state\": \"maybe\"}]}",
    ])
    func malformedBodiesAre400(body: String) async throws {
        try await withServer { fixture, server in
            let reply = try await request(
                server, "/api/decisions", method: "POST", body: body, token: server.session.token)
            #expect(reply.status == 400, "\(body) → \(reply.status) \(reply.text)")
            #expect(reply.text.contains("error"))
            #expect(try fixture.store.reviews().isEmpty)
        }
    }

    @Test func thePageEscapesProductTextAndServesOnlyListedFiles() async throws {
        try await withServer { fixture, server in
            let page = try await request(server, "/", token: server.session.token)
            #expect(page.status == 200 && page.contentType?.hasPrefix("text/html") == true)
            #expect(page.text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Lamp"))
            #expect(!page.text.contains("<script>alert"))
            #expect(page.text.contains("日本の急須"))

            let encoded = try #require(
                "/images/急須-4/marble.png".addingPercentEncoding(withAllowedCharacters: .urlPathAllowed))
            let image = try await request(server, encoded, token: server.session.token)
            #expect(image.status == 200 && image.contentType == "image/png")
            let onDisk = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture.folder + "/images/急須-4/marble.png")))
            #expect(image.body == onDisk)
            for path in [
                "/state.sqlite", "/images/../state.sqlite", "/%2e%2e/state.sqlite", "/manifest.json", "/etc/passwd",
            ] {
                let reply = try await request(server, path, token: server.session.token)
                #expect(reply.status == 404, "\(path)")
            }
        }
    }

    @Test func aForeignHostHeaderIsRefused() async throws {
        try await withServer { _, server in
            let token = server.session.token
            let foreign = try await request(server, "/", token: token, host: "evil.example")
            let otherPort = try await request(server, "/", token: token, host: "127.0.0.1:1")
            let own = try await request(server, "/api/manifest", token: token)
            #expect(foreign.status == 403 && otherPort.status == 403)
            #expect(own.status == 200)
        }
    }
}
