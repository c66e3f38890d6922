import ImageService
import Synchronization

/// An `HTTPTransport` that answers from a script and records what it was sent: for testing
/// the client's handling of answers a live server will not produce on demand.
public final class ScriptedTransport: HTTPTransport {
    public enum Step: Sendable {
        case respond(HTTPResponse)
        case fail(TransportError)
    }

    private let steps: Mutex<[Step]>
    private let sent = Mutex<[HTTPRequest]>([])

    public init(_ steps: [Step]) {
        self.steps = Mutex(steps)
    }

    public convenience init(status: Int, json: String, headers: [(name: String, value: String)] = []) {
        self.init([
            .respond(
                HTTPResponse(
                    status: status, headers: headers + [("Content-Type", "application/json")], body: Array(json.utf8)))
        ])
    }

    /// Every request sent so far, in order.
    public var requests: [HTTPRequest] { sent.withLock { $0 } }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        sent.withLock { $0.append(request) }
        let step = steps.withLock { steps -> Step? in steps.isEmpty ? nil : steps.removeFirst() }
        switch step {
        case .respond(let response): return response
        case .fail(let error): throw error
        case nil: throw TransportError.connectionFailed("the script has no more answers")
        }
    }
}
