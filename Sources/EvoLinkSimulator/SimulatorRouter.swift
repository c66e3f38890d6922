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
    @Sendable func base(_ request: Request) -> String {
        if let publicBaseURL { return publicBaseURL(request) }
        return "http://\(request.head.authority ?? "127.0.0.1")"
    }
    @Sendable func authorization(_ request: Request) -> String? { request.headers[.authorization] }

    router.post("/v1/images/generations") { request, _ -> Response in
        var request = request
        let body = try await request.collectBody(upTo: maxBody)
        let idempotencyKey = HTTPField.Name("Idempotency-Key").flatMap { request.headers[$0] }
        return await state.createGeneration(
            body: Array(buffer: body), idempotencyKey: idempotencyKey, authorization: authorization(request),
            host: base(request)
        ).hummingbird
    }
    router.get("/v1/tasks/:id") { request, context -> Response in
        let id = try context.parameters.require("id")
        return await state.taskStatus(id: id, authorization: authorization(request), host: base(request)).hummingbird
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
        return await state.result(taskID: try context.parameters.require("task"), index: index).hummingbird
    }
    router.get("/_simulator/stats") { _, _ -> Response in
        SimulatorResponse(status: 200, body: await state.statsJSON(), contentType: "application/json").hummingbird
    }
    return router
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
