import Approval
import ArgumentParser
import Foundation
import PipelineSpec

struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Serve the review page with approve, reject and reset, saved to the store at once.",
        discussion: """
            Prints the URL to open, with a token made for this session: changes need it, so no other web page \
            can make your browser approve anything. Serves on 127.0.0.1 only, unless --host names another \
            address and --allow-remote says so. Ctrl-C stops it.
            """)

    @Argument(help: ArgumentHelp("The pipeline spec (YAML).", valueName: "spec.yml"))
    var spec: String

    @OptionGroup var folder: OutputFolderOption

    @Option(help: "The port; 0 takes a free one, printed at start.")
    var port: Int = 0

    @Option(help: "The address to serve on.")
    var host: String = "127.0.0.1"

    @Flag(help: "Allow --host to be an address other machines can reach.")
    var allowRemote = false

    @OptionGroup var reviewer: ReviewerOption

    func validate() throws {
        if ["0.0.0.0", "::", "*", ""].contains(host) {
            throw ValidationError(
                "--host \(host) listens everywhere, but the page only answers requests addressed to the name it was given: "
                    + "name the address other machines will use (for example --host 192.168.1.20 --allow-remote)")
        }
        try ListenAddress.check(host, allowRemote: allowRemote, exposing: "the review page")
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
    }

    func run() async throws {
        let context = try ReviewContext(specPath: spec, output: folder)
        let publication = try context.publisher.publish()
        let server = try await RunningReviewServer.start(
            publisher: context.publisher, reviewer: reviewer.resolved, host: host, port: port)
        Console.out("reviewing \(publication.items) images of \(context.spec.name) as \(reviewer.resolved)")
        Console.out("open \(server.reviewURL)")
        Console.out("(the page, its images and decisions all need the token in the URL; Ctrl-C stops the server)")
        let watcher = SignalWatcher(message: "review server stopped; decisions so far are saved") { _ in
            Task { await server.stop() }
        }
        await server.wait()
        watcher.cancel()
    }
}
