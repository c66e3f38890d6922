import Approval
import CatalogTestSupport
import Foundation
import JobStore
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Reading the review server without its token: the page, the manifest and the images are the
/// catalogue, and `--allow-remote` puts them on the network.
@Suite("Review token attacks", .serialized)
struct ReviewTokenAttackTests {
    struct Reply {
        var status: Int
        var text: String
        var setCookie: String?
    }

    /// Over a session that keeps no cookies, so each request carries exactly what it is given.
    func get(_ server: RunningReviewServer, _ path: String, cookie: String? = nil) async throws -> Reply {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        let session = URLSession(configuration: configuration)
        var request = URLRequest(url: try #require(URL(string: server.baseURL + path)))
        if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
        let (data, response) = try await session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return Reply(
            status: http.statusCode, text: String(decoding: data, as: UTF8.self),
            setCookie: http.value(forHTTPHeaderField: "Set-Cookie"))
    }

    /// A request with an empty decision list as its body, the cookie given and no token header.
    func send(_ method: String, _ url: String, cookie: String) async throws -> Reply {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        request.setValue(cookie, forHTTPHeaderField: "Cookie")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"decisions":[]}"#.utf8)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        let (data, response) = try await URLSession(configuration: configuration).data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return Reply(status: http.statusCode, text: String(decoding: data, as: UTF8.self), setCookie: nil)
    }

    func withServer(_ body: (ReviewFixture, RunningReviewServer) async throws -> Void) async throws {
        try await ReviewFixture.withServer(body)
    }

    static let routes = ["/", "/api/manifest", "/images/MUG-1/marble.png", "/nothing-here"]

    /// #20 item 13: every route without the token: on main `/`, `/api/manifest` and the images
    /// answered 200 to anyone who could reach the port.
    @Test func everyRouteWithoutTheTokenIs401AndSaysWhatToOpen() async throws {
        try await withServer { _, server in
            for path in Self.routes {
                let reply = try await get(server, path)
                #expect(reply.status == 401, "\(path) → \(reply.status)")
                #expect(reply.text.contains("open the URL `catalog-refresh review` printed"), "\(reply.text)")
                #expect(!reply.text.contains("MUG-1"))
            }
        }
    }

    /// #20 item 13: a wrong token, in the query or in the cookie, is refused on every route.
    @Test func aWrongTokenIs403() async throws {
        try await withServer { _, server in
            let wrong = String(repeating: "0", count: server.session.token.count)
            let cookieName = server.session.cookieName
            for path in Self.routes {
                let inQuery = try await get(server, path + "?token=\(wrong)")
                let inCookie = try await get(server, path, cookie: "\(cookieName)=\(wrong)")
                #expect(inQuery.status == 403 && inCookie.status == 403, "\(path)")
                #expect(inQuery.setCookie == nil)
            }
        }
    }

    /// #20 item 13: the printed URL opens the page and sets an HttpOnly, SameSite=Strict cookie
    /// with which the page's images (relative paths, as in the file opened from disk) load; the
    /// cookie alone never records a decision.
    @Test func thePrintedURLSetsTheCookieTheImagesLoadWith() async throws {
        try await withServer { fixture, server in
            let page = try await get(server, String(server.reviewURL.dropFirst(server.baseURL.count)))
            #expect(page.status == 200 && page.text.contains("src=\"images/MUG-1/marble.png\""))
            let setCookie = try #require(page.setCookie)
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
            #expect(setCookie.contains("Path=/"))
            let cookie = try #require(setCookie.split(separator: ";").first.map(String.init))
            #expect(cookie == "\(server.session.cookieName)=\(server.session.token)")

            let image = try await get(server, "/images/MUG-1/marble.png", cookie: cookie)
            #expect(image.status == 200)
            let manifest = try await get(server, "/api/manifest", cookie: cookie)
            #expect(manifest.status == 200 && manifest.text.contains("MUG-1"))

            let post = try await send("POST", server.baseURL + "/api/decisions", cookie: cookie)
            #expect(post.status == 403)
            #expect(try fixture.store.reviews().isEmpty)
        }
    }

    /// A request that could change something, by any method, is taken on the header alone: the
    /// cookie and the query token (what another site can make a browser send) are refused at
    /// the door, for routes that exist and routes that may be added later.
    @Test(arguments: ["POST /api/decisions", "PUT /api/decisions", "DELETE /api/manifest", "POST /api/anything"])
    func aChangeNeedsTheHeaderWhateverTheRoute(route: String) async throws {
        let parts = route.split(separator: " ").map(String.init)
        try await withServer { fixture, server in
            let cookie = "\(server.session.cookieName)=\(server.session.token)"
            let reply = try await send(
                parts[0], server.baseURL + parts[1] + "?token=" + server.session.token, cookie: cookie)
            #expect(reply.status == 403, "\(route): \(reply.text)")
            #expect(reply.text.contains("X-Review-Token"))
            #expect(try fixture.store.reviews().isEmpty)
        }
    }
}
