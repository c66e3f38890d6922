import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// An answer `HTTPClientTransport` reads: AsyncHTTPClient's, or one that came through a
/// forwarding proxy (`ForwardedResponse`). Its body is read once, piece by piece.
protocol ReceivedResponse {
    var statusCode: Int { get }
    var headerList: [(name: String, value: String)] { get }
    func forEachPiece(_ read: (ByteBuffer) throws -> Void) async throws
}

extension HTTPClientResponse: ReceivedResponse {
    var statusCode: Int { Int(status.code) }

    var headerList: [(name: String, value: String)] { headers.map { ($0.name, $0.value) } }

    func forEachPiece(_ read: (ByteBuffer) throws -> Void) async throws {
        for try await piece in body { try read(piece) }
    }
}
