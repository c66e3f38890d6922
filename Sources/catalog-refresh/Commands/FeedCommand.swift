import ArgumentParser
import CatalogModel
import FeedIngest
import Foundation
import ImageService
import PipelineSpec

struct FeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Print a feed's products as JSON Lines: what a pipeline will see.",
        discussion: """
            Reads a local file, `-` for standard input, or an http(s) URL (gzip is detected), detects the \
            profile unless --profile names it, and prints one JSON object per product. Rejected records go to \
            standard error with their line (and item) and reason.
            """)

    @Argument(help: ArgumentHelp("The feed: a path, - for standard input, or an http(s) URL.", valueName: "path|url|-"))
    var source: String

    @OptionGroup var reading: FeedReadingOptions

    @Option(help: "Stop after this many products.")
    var limit: Int?

    @Flag(help: "Print counts per field, rejections by reason, bytes and time to standard error.")
    var stats = false

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    private struct LimitReached: Error {}

    func run() async throws {
        let options = try reading.feedOptions()
        let started = ContinuousClock.now
        var fieldCounts: [String: Int] = [:]
        var printed = 0
        let output = ProductLinesOutput()
        let report: FeedReport
        do {
            report = try await FeedLoader.read(
                source: SpecLoader.resolveCommandLinePath(source), options: options,
                timeouts: try reading.feedTimeouts(), network: try NetworkSettings.forCommand(spec: nil),
                displayName: source
            ) { product in
                output.append(product)
                if stats { FeedStatistics.count(product, into: &fieldCounts) }
                printed += 1
                if let limit, printed >= limit { throw LimitReached() }
            }
        } catch is LimitReached {
            output.finish()
            return
        } catch let error as FeedError {
            output.finish()
            Console.error("\(error)")
            throw ExitStatus.invalidInput.exitCode
        } catch let error as NetworkSettingsError {
            output.finish()
            Console.error("\(error)", event: "network_settings")
            throw ExitStatus.invalidInput.exitCode
        } catch {
            // The lines of the products read before it are printed, then the error.
            output.finish()
            throw error
        }
        output.finish()
        RejectedRecordsLog.print(report, feed: source)
        if stats {
            FeedStatistics.print(report: report, fieldCounts: fieldCounts, elapsed: ContinuousClock.now - started)
        }
    }
}

/// Collects stdout writes into large blocks: a million products must not mean a million syscalls.
final class BufferedOutput {
    private var buffer: [UInt8] = []

    init() {
        buffer.reserveCapacity(Self.blockSize + 4096)
    }

    /// 256 KB: a pipe or file takes it in one write, and the writes stay a small share of the time.
    private static let blockSize = 1 << 18

    /// Lets `write` append to the block (a whole line, newline included), then flushes a full one.
    func append(_ write: (inout [UInt8]) -> Void) {
        write(&buffer)
        if buffer.count >= Self.blockSize { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        // A closed pipe (`feed … | head`) ends the writes; the command stops at its next check.
        _ = buffer.withUnsafeBytes { FileDescriptorWriting.writeAll($0, to: 1) }
        buffer.removeAll(keepingCapacity: true)
    }
}
