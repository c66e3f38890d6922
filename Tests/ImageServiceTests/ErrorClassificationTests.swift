import CatalogModel
import CatalogTestSupport
import Foundation
import ImageService
import Testing

struct ErrorClassificationTests {
    let client = { (transport: ScriptedTransport) in
        EvoLinkClient.make(
            configuration: .init(apiBaseURL: "https://api.test"), apiKey: APIKey("fake-key-secret"),
            transport: transport)
    }
    let request = GenerationRequest(prompt: "a mug", imageURLs: [], settings: .init())

    /// Every documented HTTP error row (evolink-api.md §9.1) and what the client makes of it.
    @Test(
        arguments: [
            (
                400,
                #"{"error":{"code":"invalid_request","message":"Invalid request parameters","type":"invalid_request_error"}}"#,
                ImageServiceError.Kind.permanent, "invalid_request"
            ),
            (
                401,
                #"{"error":{"code":"unauthorized","message":"Invalid or expired token","type":"authentication_error"}}"#,
                .permanent, "unauthorized"
            ),
            (
                402,
                #"{"error":{"code":"insufficient_quota","message":"Insufficient quota.","type":"insufficient_quota"}}"#,
                .balance, "insufficient_quota"
            ),
            (
                403, #"{"error":{"code":"model_access_denied","message":"no access","type":"invalid_request_error"}}"#,
                .permanent, "model_access_denied"
            ),
            (
                429,
                #"{"error":{"code":"rate_limit_exceeded","message":"Too many requests","type":"rate_limit_error"}}"#,
                .retryable, "rate_limit_exceeded"
            ),
            (
                500, #"{"error":{"code":"internal_error","message":"Internal server error","type":"api_error"}}"#,
                .retryable, "internal_error"
            ),
            (502, "<html>Bad Gateway</html>", .retryable, "http_502"),
            (503, #"{"error":{"code":503,"message":"unavailable"}}"#, .retryable, "503"),
            (
                409, #"{"error":{"code":"idempotency_conflict","message":"reused","type":"invalid_request_error"}}"#,
                .outcomeUnknown, "idempotency_conflict"
            ),
        ] as [(Int, String, ImageServiceError.Kind, String)])
    func httpErrorsAreClassified(status: Int, body: String, kind: ImageServiceError.Kind, code: String) async {
        let error = await #expect(throws: ImageServiceError.self) {
            try await client(ScriptedTransport(status: status, json: body)).submit(
                request, idempotencyKey: "cr-0123456789abcdef")
        }
        #expect(error?.kind == kind)
        #expect(error?.code == code)
        #expect(error?.httpStatus == status)
    }

    @Test func aLostAnswerToAPaidPostIsOutcomeUnknownButToAReadIsRetryable() async {
        let submitError = await #expect(throws: ImageServiceError.self) {
            try await client(ScriptedTransport([.fail(.responseLost("reset"))])).submit(
                request, idempotencyKey: "cr-0123456789abcdef")
        }
        #expect(submitError?.kind == .outcomeUnknown)
        let refused = await #expect(throws: ImageServiceError.self) {
            try await client(ScriptedTransport([.fail(.connectionFailed("refused"))])).submit(
                request, idempotencyKey: "cr-0123456789abcdef")
        }
        #expect(refused?.kind == .retryable)
        let readError = await #expect(throws: ImageServiceError.self) {
            try await client(ScriptedTransport([.fail(.timedOut)])).task(id: "task-unified-1-abc")
        }
        #expect(readError?.kind == .retryable)
        let garbled = await #expect(throws: ImageServiceError.self) {
            try await client(ScriptedTransport(status: 200, json: "{\"ok\":")).submit(
                request, idempotencyKey: "cr-0123456789abcdef")
        }
        #expect(garbled?.kind == .outcomeUnknown)
    }

    @Test func retryAfterIsHonouredAsSecondsOrDateAndCapped() {
        #expect(ErrorClassification.parseRetryAfter("7") == .seconds(7))
        #expect(ErrorClassification.parseRetryAfter("3600") == .seconds(30))
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(ErrorClassification.parseRetryAfter("Tue, 14 Nov 2023 22:13:30 GMT", now: now) == .seconds(10))
        #expect(ErrorClassification.parseRetryAfter("soon") == nil)
        let error = ErrorClassification.classify(status: 429, body: [], headers: [("Retry-After", "2")])
        #expect(error.retryAfter == .seconds(2))
    }

    /// Task-level codes (§9.3).
    @Test(arguments: [
        ("content_policy_violation", false), ("invalid_parameters", false), ("image_processing_error", false),
        ("generation_timeout", true), ("resource_exhausted", true), ("service_unavailable", true),
        ("channel_account_banned", true), ("unknown_error", false), ("request_cancelled", false),
    ])
    func taskFailuresAreClassified(code: String, retryable: Bool) {
        #expect(ErrorClassification.classifyTaskFailure(code: code, message: nil).isRetryable == retryable)
    }

    @Test func decodingIsLenientAndTheKeyGoesOnlyToTheAPI() async throws {
        let transport = ScriptedTransport([
            .respond(
                HTTPResponse(
                    status: 200, headers: [("idempotency-replayed", "true")],
                    body: Array(#"{"id":"task-unified-1-abcdefgh","status":"queued_somewhere","extra":{"x":1}}"#.utf8))),
            .respond(HTTPResponse(status: 200, headers: [("Content-Type", "image/png")], body: [0x89, 0x50])),
        ])
        let client = client(transport)
        let snapshot = try await client.submit(request, idempotencyKey: "cr-0123456789abcdef")
        #expect(snapshot.status == .unknown("queued_somewhere"))
        #expect(snapshot.replayed)
        _ = try await client.downloadResult(from: "https://results.test/r.png", maxBytes: 10)
        let sent = transport.requests
        #expect(sent[0].header("Authorization") == "Bearer fake-key-secret")
        #expect(sent[0].header("Idempotency-Key") == "cr-0123456789abcdef")
        #expect(sent[1].header("Authorization") == nil, "the key must never go to a result host")
        #expect(sent[1].url == "https://results.test/r.png")
    }

    @Test func aServerMessageQuotingTheKeyIsRedacted() async {
        let body =
            #"{"error":{"code":"unauthorized","message":"token fake-key-secret is disabled","type":"authentication_error"}}"#
        let error = await #expect(throws: ImageServiceError.self) {
            try await client(ScriptedTransport(status: 401, json: body)).task(id: "task-unified-1-abc")
        }
        #expect(error?.message == "token sk-…(redacted) is disabled")
        #expect(error?.description.contains("fake-key-secret") == false)
    }

    @Test(arguments: [
        ("https://api.test/v1/tasks/x", true), ("https://API.test:443/v1/x", true),
        ("https://api.test.evil.test/v1/x", false),
        ("https://api.test@evil.test/v1/x", false), ("http://api.test/v1/x", false), ("https://api.test:8443/x", false),
        ("HTTPS://api.TEST/v1/x", true), ("ftp://api.test/x", false), ("https://user:pw@api.test/x", false),
    ])
    func theKeyGoesOnlyToTheAPIsOwnOrigin(url: String, authorized: Bool) async throws {
        let scripted = ScriptedTransport([.respond(HTTPResponse(status: 200))])
        let key = try #require(APIKey("fake-key-secret"))
        let transport = MiddlewareTransport(
            scripted, middlewares: [BearerAuthMiddleware(key: key, forOriginsOf: ["https://api.test"])])
        _ = try await transport.send(HTTPRequest(method: "GET", url: url))
        #expect((scripted.requests.first?.header("Authorization") != nil) == authorized)
    }

    @Test func anHTMLPageWithStatus200IsNotAnImage() async {
        let transport = ScriptedTransport([
            .respond(HTTPResponse(status: 200, headers: [("Content-Type", "text/html")], body: Array("<html>".utf8)))
        ])
        let error = await #expect(throws: ImageServiceError.self) {
            try await client(transport).downloadResult(from: "https://results.test/r.png", maxBytes: 100)
        }
        #expect(error?.code == "download_not_an_image")
    }

    @Test func theKeyNeverAppearsInDescriptions() throws {
        let key = try #require(APIKey("fake-key_abcdefghijklmnop"))
        #expect("\(key)" == "sk-…(redacted)")
        #expect(!String(reflecting: key).contains("abcdefgh"))
        #expect(key.redact("Bearer fake-key_abcdefghijklmnop failed") == "Bearer sk-…(redacted) failed")
        #expect(APIKey.fromEnvironment(["EVOLINK_API_KEY": "  "]) == nil)
    }

    @Test func retryStrategyRetriesOnlyRetryableErrorsAndStops() async throws {
        var attempts = 0
        var slept: [Duration] = []
        let strategy = RetryStrategy.exponentialJitter(
            maxAttempts: 3, baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        await #expect(throws: ImageServiceError.self) {
            try await strategy.run(sleep: { slept.append($0) }) { () async throws -> Int in
                attempts += 1
                throw ImageServiceError(kind: .retryable, code: "x", message: "x", retryAfter: .seconds(2))
            }
        }
        #expect(attempts == 3)
        #expect(slept == [.seconds(2), .seconds(2)], "Retry-After wins over a shorter backoff")
        attempts = 0
        await #expect(throws: ImageServiceError.self) {
            try await strategy.run(sleep: { _ in }) { () async throws -> Int in
                attempts += 1
                throw ImageServiceError(kind: .permanent, code: "x", message: "x")
            }
        }
        #expect(attempts == 1)
    }
}

struct APIKeyFileTests {
    @Test func aKeyFileIsReadAndErrorsNeverShowItsContent() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("  fake-key_fromfile123456\n", to: "key")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(try APIKeyFile(path: path).key.secret == "fake-key_fromfile123456")
        let twoLines = try directory.write("  fake-key_fromfile123456\nsecond line\n", to: "two")
        let refused = #expect(throws: APIKeyFileError.self) { try APIKeyFile(path: twoLines) }
        #expect(refused?.description.contains("second line") == false)
        let empty = try directory.write("\n", to: "empty")
        let error = #expect(throws: APIKeyFileError.self) { try APIKeyFile(path: empty) }
        #expect(error?.description.contains("api.key_file") == true)
        #expect(throws: APIKeyFileError.self) { try APIKeyFile(path: directory.url("missing").path) }
    }
}
