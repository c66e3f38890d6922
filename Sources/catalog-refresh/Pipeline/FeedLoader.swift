import AsyncHTTPClient
import CatalogModel
import FeedIngest
import Foundation
import ImageService
import NIOCore
import NIOHTTP1
import PipelineSpec

/// Streams the spec's feed (a local file, `-`, or an http(s) URL) into a consumer, chunk by
/// chunk, so neither the file nor the download is ever held whole.
enum FeedLoader {
    static let maxRemoteFeedBytes = 4 << 30

    static func options(for feed: PipelineSpec.FeedSection) -> FeedOptions {
        FeedOptions(
            profile: FeedProfile(rawValue: feed.profile) ?? .auto, delimiter: feed.delimiter?.utf8.first,
            encoding: FeedEncoding(rawValue: feed.encoding) ?? .utf8, mapping: feed.mapping,
            itemElement: feed.itemElement, maxInvalidRows: feed.maxInvalidRows,
            maxInvalidPercent: feed.maxInvalidPercent)
    }

    /// Where relative image links in the feed point from: the feed's folder, or the working
    /// directory for remote feeds and standard input.
    static func linkBaseDirectory(for source: String) -> String {
        if source.hasPrefix("http://") || source.hasPrefix("https://") || source == "-" {
            return FileManager.default.currentDirectoryPath
        }
        return URL(fileURLWithPath: source).deletingLastPathComponent().path
    }

    static func read(
        _ feed: PipelineSpec.FeedSection, network: NetworkSettings, displayName: String,
        body: (consuming Product) throws -> Void
    ) async throws -> FeedReport {
        try await read(
            source: feed.source, options: options(for: feed), timeouts: feed.timeouts, network: network,
            displayName: displayName, body: body)
    }

    static func read(
        source: String, options: FeedOptions, timeouts: FeedTimeouts, network: NetworkSettings, displayName: String,
        body: (consuming Product) throws -> Void
    ) async throws -> FeedReport {
        guard source.hasPrefix("http://") || source.hasPrefix("https://") else {
            return try FeedFile.read(atPath: source, displayName: displayName, options: options, body: body)
        }
        return try await readRemote(url: source, options: options, timeouts: timeouts, network: network, body: body)
    }

    /// Through the same proxy and trust as the API's requests (`HTTPClients`), with the feed's
    /// own timeouts.
    private static func readRemote(
        url: String, options: FeedOptions, timeouts: FeedTimeouts, network: NetworkSettings,
        body: (consuming Product) throws -> Void
    ) async throws -> FeedReport {
        guard let origin = HTTPOrigin(url: url) else {
            throw FeedError.cannotOpen(feed: URLUserInfo.removed(from: url), reason: "it is not a valid http(s) URL")
        }
        let clients = try HTTPClients(
            settings: network,
            limits: .init(connectionsPerOrigin: 1, connectTimeout: timeouts.connect, readTimeout: timeouts.idle))
        do {
            let report = try await stream(
                url: url, client: clients.client(for: origin), options: options, timeouts: timeouts, body: body)
            await clients.shutdown()
            return report
        } catch {
            await clients.shutdown()
            throw error
        }
    }

    /// The idle and connect timeouts are the client's; the total one is checked as each piece
    /// arrives, so a server that trickles bytes is stopped at most one idle timeout after it.
    private static func stream(
        url: String, client: HTTPClient, options: FeedOptions, timeouts: FeedTimeouts,
        body: (consuming Product) throws -> Void
    ) async throws -> FeedReport {
        let reader = FeedReader(feedName: url, options: options)
        let clock = ContinuousClock()
        let deadline = clock.now + timeouts.total
        let response: HTTPClientResponse
        do {
            response = try await client.execute(
                HTTPClientRequest(url: url), deadline: .now() + .init(timeouts.total))
        } catch {
            throw FeedError.cannotOpen(feed: url, reason: reason(for: error, timeouts: timeouts))
        }
        guard response.status.code == 200 else {
            throw FeedError.cannotOpen(feed: url, reason: "the server answered HTTP \(response.status.code)")
        }
        var received = 0
        do {
            for try await buffer in response.body {
                received += buffer.readableBytes
                guard received <= maxRemoteFeedBytes else {
                    throw FeedError.cannotOpen(
                        feed: url, reason: "the feed is larger than \(maxRemoteFeedBytes) bytes")
                }
                guard clock.now < deadline else {
                    throw FeedError.cannotOpen(
                        feed: url,
                        reason: "the download took longer than \(seconds(timeouts.total)) "
                            + "(\(received) bytes arrived; raise `feed.timeouts.total` if the feed is that slow)")
                }
                try buffer.withUnsafeReadableBytes { try reader.consume($0, emit: body) }
            }
        } catch let error as HTTPClientError {
            throw FeedError.cannotOpen(feed: url, reason: reason(for: error, timeouts: timeouts))
        }
        try reader.finish(emit: body)
        return reader.report
    }

    private static func reason(for error: any Error, timeouts: FeedTimeouts) -> String {
        switch error as? HTTPClientError {
        case .connectTimeout?:
            "no connection within \(seconds(timeouts.connect)) (`feed.timeouts.connect`)"
        case .readTimeout?:
            "the server sent nothing for \(seconds(timeouts.idle)) (`feed.timeouts.idle`)"
        case .deadlineExceeded?:
            "no answer within \(seconds(timeouts.total)) (`feed.timeouts.total`)"
        default:
            "\(error)"
        }
    }

    private static func seconds(_ duration: Duration) -> String {
        "\(duration.components.seconds) s"
    }
}
