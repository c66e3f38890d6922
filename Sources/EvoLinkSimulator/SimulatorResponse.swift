import Foundation

/// What a simulator endpoint answers, independent of the HTTP server, so the logic can be
/// exercised directly and the server stays a thin adapter.
struct SimulatorResponse: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: [UInt8]
    var contentType: String

    static func json<T: Encodable>(_ value: T, status: Int = 200, headers: [(String, String)] = []) -> SimulatorResponse
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(value)).map(Array.init) ?? Array("{}".utf8)
        return SimulatorResponse(status: status, headers: headers, body: body, contentType: "application/json")
    }

    /// The generation and task endpoints' error envelope (evolink-api.md §9.1, §9.2).
    static func error(
        _ status: Int, _ code: String, _ message: String, type: String, param: String? = nil,
        headers: [(String, String)] = []
    ) -> SimulatorResponse {
        json(
            SimulatorWire.ErrorEnvelope(error: .init(code: code, message: message, type: type, param: param)),
            status: status, headers: headers)
    }

    /// The files API's envelope for failures (§7).
    static func filesError(_ status: Int, code: Int, _ message: String) -> SimulatorResponse {
        json(SimulatorWire.FilesEnvelope(success: false, code: code, msg: message, data: nil), status: status)
    }

    static func invalidRequest(_ message: String, param: String? = nil) -> SimulatorResponse {
        error(400, "invalid_request", message, type: "invalid_request_error", param: param)
    }
}
