import HTTPTypes
import Hummingbird
import NIOCore

/// The simulator's HTTP routes over a `SimulatorState`. Built by one function that the embedded
/// server, the standalone command and the tests all call.
public func buildSimulatorRouter(
    state: SimulatorState, publicBaseURL: (@Sendable (Request) -> String)? = nil
) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    let maxBody = 140 * 1024 * 1024
    // Generation requests are small JSON (a prompt of at most 32,000 characters and 16 URLs).
    let maxRequestBody = 1 << 20
    @Sendable func base(_ request: Request) -> String {
        if let publicBaseURL { return publicBaseURL(request) }
        return "http://\(request.head.authority ?? "127.0.0.1")"
    }
    @Sendable func authorization(_ request: Request) -> String? { request.headers[.authorization] }

    router.post("/v1/images/generations") { request, _ -> Response in
        var request = request
        guard let body = try? await request.collectBody(upTo: maxRequestBody) else {
            return SimulatorResponse.error(
                413, "request_too_large", "Request body too large", type: "invalid_request_error"
            ).hummingbird
        }
        if let fault = try await injectedFault(state, rateLimitType: "rate_limit_error") { return fault }
        let idempotencyKey = HTTPField.Name("Idempotency-Key").flatMap { request.headers[$0] }
        let response = await state.createGeneration(
            body: Array(buffer: body), idempotencyKey: idempotencyKey, authorization: authorization(request),
            host: base(request))
        return await state.dropsConnection() ? droppedResponse() : response.hummingbird
    }
    router.get("/v1/tasks/:id") { request, context -> Response in
        if let fault = try await injectedFault(state, rateLimitType: "evo_api_error") { return fault }
        let id = try context.parameters.require("id")
        let response = await state.taskStatus(id: id, authorization: authorization(request), host: base(request))
        return await state.dropsConnection() ? droppedResponse() : response.hummingbird
    }
    router.get("/v1/credits") { request, _ -> Response in
        await state.credits(authorization: authorization(request)).hummingbird
    }
    router.post("/api/v1/files/upload/base64") { request, _ -> Response in
        var request = request
        let body = try await request.collectBody(upTo: maxBody)
        return await state.uploadBase64(
            body: Array(buffer: body), authorization: authorization(request), host: base(request)
        ).hummingbird
    }
    router.get("/files/:id/:name") { _, context -> Response in
        await state.file(id: try context.parameters.require("id")).hummingbird
    }
    router.get("/results/:task/:file") { _, context -> Response in
        let file = try context.parameters.require("file")
        guard file.hasSuffix(".png"), let index = Int(file.dropLast(4)) else {
            return SimulatorResponse(status: 404, body: Array("not found".utf8), contentType: "text/plain").hummingbird
        }
        switch await state.resultRequest(taskID: try context.parameters.require("task"), index: index) {
        case .failure(let box): return box.response.hummingbird
        case .success(let render): return await state.corrupting(render.response()).hummingbird
        }
    }
    router.get("/_simulator/stats") { _, _ -> Response in
        SimulatorResponse(status: 200, body: await state.statsJSON(), contentType: "application/json").hummingbird
    }
    return router
}

/// A fault drawn for this request, answered instead of processing it (a delay answers nothing
/// and lets the request go on).
private func injectedFault(_ state: SimulatorState, rateLimitType: String) async throws -> Response? {
    switch await state.faultBeforeProcessing(rateLimitType: rateLimitType) {
    case .respond(let response): return response.hummingbird
    case .delay(let seconds):
        try await state.clock.sleep(simulatedSeconds: seconds)
        return nil
    case nil: return nil
    }
}

struct SimulatedConnectionDrop: Error {}

/// A response whose body fails after the head is sent: the client sees the connection close
/// mid-answer, as when a proxy or the network drops it.
private func droppedResponse() -> Response {
    var headers = HTTPFields()
    headers[.contentType] = "application/json"
    headers[.contentLength] = "512"
    return Response(
        status: .ok, headers: headers,
        body: ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "{\"id\":"))
            throw SimulatedConnectionDrop()
        })
}

extension SimulatorResponse {
    var hummingbird: Response {
        var fields = HTTPFields()
        fields[.contentType] = contentType
        for (name, value) in headers {
            if let fieldName = HTTPField.Name(name) { fields[fieldName] = value }
        }
        return Response(
            status: HTTPResponse.Status(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}
