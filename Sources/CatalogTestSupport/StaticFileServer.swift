import HTTPTypes
import Hummingbird
import LoopbackServer
import NIOCore

/// Serves fixed bodies on 127.0.0.1 (ephemeral port) for tests of remote feeds: a path, its
/// bytes, and optionally a `Content-Encoding` or a status.
public struct StaticFileServer: Sendable {
    public struct File: Sendable {
        public var body: [UInt8]
        public var contentType: String
        public var contentEncoding: String?
        public var status: Int

        public init(
            body: [UInt8], contentType: String = "text/plain", contentEncoding: String? = nil, status: Int = 200
        ) {
            self.body = body
            self.contentType = contentType
            self.contentEncoding = contentEncoding
            self.status = status
        }
    }

    public var baseURL: String { application.baseURL }
    private let application: ServingApplication

    public static func start(_ files: [String: File]) async throws -> StaticFileServer {
        let router = Router()
        for (path, file) in files {
            router.get(RouterPath(path)) { _, _ -> Response in
                var headers = HTTPFields()
                headers[.contentType] = file.contentType
                if let encoding = file.contentEncoding { headers[.contentEncoding] = encoding }
                return Response(
                    status: .init(code: file.status), headers: headers,
                    body: .init(byteBuffer: ByteBuffer(bytes: file.body)))
            }
        }
        let application = try await ServingApplication.start(router: router, serverName: "test file server")
        return StaticFileServer(application: application)
    }

    public func stop() async {
        await application.stop()
    }
}
