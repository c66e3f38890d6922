import CatalogModel

/// The client's boundary for server text: everything a server says that we keep (error codes
/// and messages, task ids and statuses, URLs) passes through here before it becomes one of our
/// values, so no log, report or database row downstream can hold the API key, whatever form
/// the server quoted it in (`SecretRedactor`). URLs also lose their user information.
struct Redacting: Sendable {
    let redactor: SecretRedactor?

    init(_ redactor: SecretRedactor?) {
        self.redactor = redactor
    }

    func text(_ text: String) -> String {
        redactor?.redact(text) ?? text
    }

    /// A server's URL as we store and print it: without `user:password@`, and without the key.
    /// The bearer key is never sent to a URL with user information (`HTTPOrigin` refuses it).
    func url(_ url: String) -> String {
        redactor?.redact(url: url) ?? URLUserInfo.removed(from: url)
    }

    /// `error` with its code and message redacted.
    func error(_ error: ImageServiceError) -> ImageServiceError {
        var error = error
        error.code = text(error.code)
        error.message = text(error.message)
        return error
    }

    /// Runs `body`, redacting any `ImageServiceError` it throws: one place for every request's
    /// failures, whichever line of the client built them.
    func errors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as ImageServiceError {
            throw error(failure)
        }
    }
}
