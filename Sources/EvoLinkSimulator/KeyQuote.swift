import Foundation

/// Where the `quote_key` fault echoes the bearer key a request carried: what a hostile or broken
/// server might do, so a client can be shown never to print, log or store it. Every quote holds
/// the key as sent, upper-cased, percent-encoded (`-` as `%2D`, and every byte as `%xx`) and as
/// base64 `user:key` credentials.
enum KeyQuote: Equatable {
    /// A 400 whose JSON error message quotes the key (nothing is charged).
    case errorBody(String)
    /// The task fails with the key in `error.message`.
    case failedTask(String)
    /// The task completes with result URLs `http://user:KEY@host/…`.
    case resultUserInfo(String)

    static let failureCode = "content_policy_violation"

    /// The `turn`-th quote (0, 1, 2, 0, …) of `key`.
    init(turn: Int, key: String) {
        switch turn % 3 {
        case 0: self = .errorBody("invalid request for token " + Self.quoted(key))
        case 1: self = .failedTask("generation refused for token " + Self.quoted(key))
        default: self = .resultUserInfo("user:" + key)
        }
    }

    func apply(to task: inout SimulatedTask) {
        switch self {
        case .errorBody: break
        case .failedTask(let message):
            task.fate = .fails(Self.failureCode)
            task.failureMessage = message
        case .resultUserInfo(let userInfo): task.resultUserInfo = userInfo
        }
    }

    static func quoted(_ key: String) -> String {
        let someEncoded = key.utf8.map { byte in
            byte == UInt8(ascii: "-") ? "%2D" : String(UnicodeScalar(byte))
        }.joined()
        let allEncoded = key.utf8.map { String(format: "%%%02x", $0) }.joined()
        let basic = Data("user:\(key)".utf8).base64EncodedString()
        return "\(key) (\(key.uppercased())); encoded \(someEncoded) \(allEncoded); Basic \(basic)"
    }
}

extension SimulatorState {
    /// The quote this submission gets, when the `quote_key` fault draws it and the request has
    /// a bearer key to quote.
    func drawKeyQuote(authorization: String?) -> KeyQuote? {
        guard let authorization, authorization.hasPrefix("Bearer "), drawsKeyQuote() else { return nil }
        defer { keyQuotes += 1 }
        return KeyQuote(turn: keyQuotes, key: String(authorization.dropFirst("Bearer ".count)))
    }

    /// `wire` with the task's result URLs carrying its user information, if it has any.
    func quotingKey(in wire: SimulatorWire.Task, of task: SimulatedTask) -> SimulatorWire.Task {
        guard let userInfo = task.resultUserInfo, let results = wire.results else { return wire }
        var wire = wire
        wire.results = results.map { url in
            guard let schemeEnd = url.range(of: "://") else { return url }
            return url[..<schemeEnd.upperBound] + userInfo + "@" + url[schemeEnd.upperBound...]
        }
        return wire
    }
}
