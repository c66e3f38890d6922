import HTTPTypes
import Hummingbird
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

    public let baseURL: String
    private let task: Task<Void, any Error>

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
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            })
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var port = 0
        for await value in ports {
            port = value
            break
        }
        return StaticFileServer(baseURL: "http://127.0.0.1:\(port)", task: task)
    }

    public func stop() async {
        task.cancel()
        _ = await task.result
    }
}
