import CatalogModel
import Foundation
import HTTPTypes
import Hummingbird
import JobStore
import LoopbackServer
import NIOCore

/// `catalog-refresh review`: the review page served from the output folder, with decisions
/// recorded in the store the moment they are made (and the manifest files rewritten).
///
/// Routes: `GET /` the page (open it as `/?token=…`), `GET /api/manifest` the manifest,
/// `POST /api/decisions` a `ReviewDecisionFile` (header `X-Review-Token`), and `GET` of exactly
/// the images and references the manifest lists and the page's `review-data/` files, nothing
/// else. Every one needs the session
/// token (`TokenCheck`): a `GET` takes it from the header, the query or the cookie the tokened
/// page load sets.
public struct RunningReviewServer: Sendable {
    public let session: ReviewSession
    private let application: ServingApplication

    public var baseURL: String { application.baseURL }
    /// The URL to open: the page with the session token.
    public var reviewURL: String { "\(application.baseURL)/?token=\(session.token)" }

    public static func start(
        publisher: ManifestPublisher, reviewer: String, host: String = "127.0.0.1", port: Int = 0,
        session: ReviewSession? = nil
    ) async throws -> RunningReviewServer {
        let session = session ?? ReviewSession(host: host)
        let routes = ReviewRoutes(
            publisher: publisher, reviewer: reviewer, session: session,
            servable: ServableFiles(try publisher.manifest()))
        let application = try await ServingApplication.start(
            router: routes.router(), host: host, port: port, serverName: "review server")
        session.bound(to: application.port)
        return RunningReviewServer(session: session, application: application)
    }

    public func stop() async {
        await application.stop()
    }

    public func wait() async {
        await application.wait()
    }
}

/// The handlers behind `RunningReviewServer`.
struct ReviewRoutes: Sendable {
    static let tokenHeader = "X-Review-Token"
    static let maxBody = 4 << 20

    let publisher: ManifestPublisher
    let reviewer: String
    let session: ReviewSession
    /// What `GET` may serve, from the last manifest this server built: image requests never
    /// rebuild the manifest.
    let servable: ServableFiles

    func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: HostCheck(session: session))
        router.add(middleware: TokenCheck(session: session))
        router.get("/") { _, _ in try page() }
        router.get("/api/manifest") { _, _ in try Self.json(200, try publisher.manifest()) }
        router.post("/api/decisions") { request, _ in try await decide(request) }
        router.get("**") { request, _ in try file(at: request.uri.path) }
        return router
    }

    /// The published `review.html` (written first if the store changed since), marked as the
    /// server's: the page and its `review-data/` files are the folder's, one publication.
    private func page() throws -> Response {
        try publisher.publish()
        servable.update(try publisher.manifest())
        guard
            let published = FileManager.default.contents(
                atPath: URL(fileURLWithPath: publisher.folder).appendingPathComponent("review.html").path)
        else { return try Self.error(500, "review.html could not be read") }
        var headers = Self.securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(
            status: .ok, headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: ReviewPage.served(Array(published)))))
    }

    private func decide(_ request: Request) async throws -> Response {
        // `TokenCheck` has taken the X-Review-Token header.
        var request = request
        guard let body = try? await request.collectBody(upTo: Self.maxBody) else {
            return try Self.error(413, "the decisions are larger than \(Self.maxBody >> 20) MB")
        }
        let decisions: [ReviewDecision]
        do {
            decisions = try ReviewDecisionFile.decode(Array(buffer: body), source: "request")
                .reviewDecisions(reviewer: reviewer, source: .reviewPage)
        } catch {
            return try Self.error(400, error.description)
        }
        let outcome: ReviewOutcome
        do {
            outcome = try publisher.store.record(decisions)
        } catch let unknown as UnknownReviewItems {
            return try Self.error(404, unknown.description)
        }
        // A decision changes no image: what may be served stays as it was.
        try publisher.publish()
        return try Self.json(
            200,
            DecisionsResponse(
                applied: outcome.applied.count,
                stale: outcome.stale.map { .init(productID: $0.productID, variantID: $0.variantID, state: "stale") },
                items: try publisher.items(for: Set(outcome.applied))))
    }

    /// Only files the manifest lists (a result image or a copied reference) and the review
    /// page's data files.
    private func file(at rawPath: String) throws -> Response {
        let path = String((rawPath.removingPercentEncoding ?? rawPath).drop { $0 == "/" })
        guard servable.contains(path) || ServableFiles.isReviewData(path), !path.contains(".."),
            let data = FileManager.default.contents(
                atPath: URL(fileURLWithPath: publisher.folder).appendingPathComponent(path).path)
        else { return try Self.error(404, "not found: \(path)") }
        var headers = Self.securityHeaders
        headers[.contentType] = Self.contentType(of: path)
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func contentType(of path: String) -> String {
        switch path.split(separator: ".").last?.lowercased() {
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "webp": "image/webp"
        case "gif": "image/gif"
        case "js": "text/javascript; charset=utf-8"
        default: "application/octet-stream"
        }
    }

    /// The page loads nothing but itself and images; the token in its URL never leaves in a
    /// Referer.
    static var securityHeaders: HTTPFields {
        var headers = HTTPFields()
        headers[.contentSecurityPolicy] =
            "default-src 'none'; img-src 'self' https: http: data:; style-src 'unsafe-inline'; "
            + "script-src 'self' 'unsafe-inline'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'"
        for (name, value) in [("Referrer-Policy", "no-referrer"), ("X-Content-Type-Options", "nosniff")] {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return headers
    }

    static func json(_ status: Int, _ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers = securityHeaders
        headers[.contentType] = "application/json"
        return Response(
            status: .init(code: status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    static func error(_ status: Int, _ message: String) throws -> Response {
        try json(status, ["error": message])
    }
}

/// What `POST /api/decisions` answers: how many were recorded, which were skipped because the
/// image changed, and the recorded items as the manifest now shows them.
struct DecisionsResponse: Codable {
    var applied: Int
    var stale: [ReviewDecisionFile.Entry]
    var items: [Manifest.Item]
}

/// Refuses requests whose Host header is not this server (DNS rebinding).
struct HostCheck<Context: RequestContext>: RouterMiddleware {
    let session: ReviewSession

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard session.accepts(authority: request.head.authority) else {
            return try ReviewRoutes.error(403, "unexpected Host header: open the URL `catalog-refresh review` printed")
        }
        return try await next(request, context)
    }
}
