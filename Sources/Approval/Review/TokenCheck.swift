import HTTPTypes
import Hummingbird

/// Every route of the review server needs the session token, not just decisions: the page,
/// the manifest and the images are the catalogue, and with `--allow-remote` anyone on the
/// network could otherwise read them.
///
/// The printed URL carries the token in its query (`/?token=…`). Loading the page with it sets a
/// cookie with the token (HttpOnly, SameSite=Strict, Path=/, named after the port since cookies
/// are not kept apart by port), which the browser sends with the page's own image requests.
/// A cookie rather than the token in every `<img src>`: the page is the same file that opens
/// from disk, where images are plain relative paths, and the token stays out of every further
/// URL (history, caches). HttpOnly keeps it from scripts, SameSite=Strict from other sites'
/// requests. A request that changes anything (`POST /api/decisions`, and any method but GET and
/// HEAD) is not taken on a cookie or a query: it needs the `X-Review-Token` header, so no page
/// but ours can make a browser decide anything.
struct TokenCheck<Context: RequestContext>: RouterMiddleware {
    static var queryName: String { "token" }

    let session: ReviewSession

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let fromHeader = HTTPField.Name(ReviewRoutes.tokenHeader).flatMap { request.headers[$0] }
        guard request.method == .get || request.method == .head else {
            // A change is taken on the header alone, which only our page's script sets: never on
            // the cookie another site's form would make the browser send.
            guard session.accepts(token: fromHeader) else {
                return try ReviewRoutes.error(
                    403, "missing or wrong X-Review-Token: use the URL `catalog-refresh review` printed")
            }
            return try await next(request, context)
        }
        let fromQuery = request.uri.queryParameters[Substring(Self.queryName)].map(String.init)
        let fromCookie = request.cookies[session.cookieName]?.value
        guard let given = fromHeader ?? fromQuery ?? fromCookie else {
            return try ReviewRoutes.error(
                401, "this review server needs its token: open the URL `catalog-refresh review` printed (…/?token=…)")
        }
        guard session.accepts(token: given) else {
            return try ReviewRoutes.error(
                403, "wrong token: open the URL `catalog-refresh review` printed for this session (…/?token=…)")
        }
        var response = try await next(request, context)
        if fromQuery != nil, fromHeader == nil {
            response.headers[values: .setCookie].append(
                "\(session.cookieName)=\(session.token); Path=/; HttpOnly; SameSite=Strict")
        }
        return response
    }
}
