import Approval
import CatalogTestSupport
import Foundation
import Testing

/// Headless Chromium driving the review page through `scripts/check-review-page.py` (the
/// DevTools protocol on a pipe, standard library only): the one way every browser test here
/// runs it, with `.needsChromium` skipping, saying so, where Chromium or Python is missing.
enum ReviewPageBrowser {
    static let chromium = ["chromium", "chromium-browser"].lazy.compactMap(Self.which).first
    static let python = Self.which("python3")

    static func which(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs the check on `url` with `arguments` and decodes the JSON it prints.
    static func check<Report: Decodable>(
        _ url: String, _ arguments: [String] = [], as _: Report.Type = Report.self
    ) async throws -> Report {
        let result = try await ProcessRunner.run(
            URL(fileURLWithPath: try #require(python)),
            [RepositoryPaths.root.appendingPathComponent("scripts/check-review-page.py").path, url]
                + ["--chromium", try #require(chromium)] + arguments)
        try #require(result.exitCode == 0, "\(result.stderr)")
        return try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
    }

    /// Plays `steps` on the page at `url` and returns what it showed at each `.snap`, by label.
    static func play(_ url: String, _ steps: [Step]) async throws -> [String: Snap] {
        let json = String(decoding: try JSONEncoder().encode(steps), as: UTF8.self)
        let report = try await check(url, ["--steps", json], as: Steps.self)
        return Dictionary(report.snaps.map { ($0.label, $0) }) { first, _ in first }
    }

    /// `body`'s result with `fixture` served by a review server for `reviewer`, stopped after.
    static func served<Value>(
        _ fixture: ReviewFixture, reviewer: String, _ body: (RunningReviewServer) async throws -> Value
    ) async throws -> Value {
        let server = try await RunningReviewServer.start(publisher: fixture.publisher, reviewer: reviewer)
        do {
            let value = try await body(server)
            await server.stop()
            return value
        } catch {
            await server.stop()
            throw error
        }
    }

    /// The page of a fixture opened from disk, as `review.html` in its output folder.
    static func fileURL(of fixture: ReviewFixture) -> String {
        URL(fileURLWithPath: fixture.folder).appendingPathComponent("review.html").absoluteString
    }

    /// One thing the approver does, or a look at the page (see `scripts/review_page_steps.py`).
    enum Step: Encodable {
        case press(String)
        case type(String)
        case wait(String, String)
        case eval(String)
        case click(String)
        case viewport(Int, Int)
        case open(String)
        case snap(String, extra: String? = nil)

        /// Each character of `keys` pressed in turn.
        static func keys(_ keys: String) -> [Step] { keys.map { .press(String($0)) } }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            switch self {
            case .press(let key): try container.encode(contentsOf: ["press", key])
            case .type(let text): try container.encode(contentsOf: ["type", text])
            case .wait(let condition, let what): try container.encode(contentsOf: ["wait", condition, what])
            case .eval(let expression): try container.encode(contentsOf: ["eval", expression])
            case .click(let selector): try container.encode(contentsOf: ["click", selector])
            case .open(let url): try container.encode(contentsOf: ["open", url])
            case .snap(let label, let extra):
                try container.encode(contentsOf: ["snap", label] + (extra.map { [$0] } ?? []))
            case .viewport(let width, let height):
                try container.encode("viewport")
                try container.encode(width)
                try container.encode(height)
            }
        }
    }

    struct Steps: Decodable {
        var snaps: [Snap]
    }

    /// The page as the approver sees it at one moment.
    struct Snap: Decodable {
        struct Card: Decodable, Equatable {
            var product: String
            var state: String
            var note: String
        }

        var label: String
        /// The product of the card that has focus (or holds it, in its note), else the element.
        var focus: String
        var inNote: Bool
        var position: String
        var message: String
        var messageIsError: Bool
        /// The status line is inside the window and nothing covers it.
        var statusOnScreen: Bool
        var scrollY: Double
        var warning: String?
        var warningOnScreen: Bool
        var mode: String
        var shown: [String]
        var empty: String?
        var selectedCount: String
        var checked: Int
        var cards: [Card]
        var extra: [String: Double]?

        func card(_ product: String) -> Card? { cards.first { $0.product == product } }
    }
}

extension Trait where Self == ConditionTrait {
    static var needsChromium: Self {
        .enabled(
            if: ReviewPageBrowser.chromium != nil && ReviewPageBrowser.python != nil,
            "headless Chromium or python3 is not installed: `apt-get install chromium` (.ci/run installs it) to run this check"
        )
    }
}
