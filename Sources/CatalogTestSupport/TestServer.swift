import Foundation

/// What tests tell the simulators they start and the clients and commands that call them.
public enum TestServer {
    /// The bearer key tests send: a simulator without a required key accepts any, and answers
    /// 401 to a request without one, as the API does.
    public static let apiKey = "sk-test-catalog-refresh"

    /// This process's environment with `EVOLINK_API_KEY` set to `apiKey`, for running the
    /// binary against a simulator a test started (`--api-base-url`).
    public static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["EVOLINK_API_KEY"] = apiKey
        return environment
    }

    /// What made-up reference hosts (`https://<name>.test/…`) serve, for a simulator's
    /// `externalReferences`: the mug fixture. Any other URL cannot be fetched.
    @Sendable public static func madeUpReference(_ url: String) -> [UInt8]? {
        guard let host = URL(string: url)?.host, host.hasSuffix(".test") else { return nil }
        return mug
    }

    private static let mug = [UInt8](
        (try? Data(contentsOf: RepositoryPaths.root.appendingPathComponent("fixtures/images/mug.png"))) ?? Data())
}
