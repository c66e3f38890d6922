import Foundation
import Testing

@testable import EvoLinkSimulator

/// Who may call the simulator (every API endpoint wants a bearer key, as the API does), and
/// what it does with references it cannot fetch (the task fails, as the API's does).
extension SimulatorStateTests {
    static let refusedAuthorizations: [String?] = [nil, "", "Bearer", "Bearer ", "Basic c2stdGVzdA==", "bearer sk-x"]

    @Test(arguments: refusedAuthorizations)
    func everyAPIEndpointAnswers401WithoutABearerKey(authorization: String?) async throws {
        let state = SimulatorState(configuration: SimulatorConfiguration())
        let answers = [
            await state.createGeneration(
                body: try body(["model": "gpt-image-2", "prompt": "x"]), idempotencyKey: nil,
                authorization: authorization, host: host),
            await state.taskStatus(id: "task-unified-1-abcdefgh", authorization: authorization, host: host),
            await state.credits(authorization: authorization),
        ]
        for answer in answers {
            #expect(answer.status == 401)
            let error = try #require(try json(answer)["error"] as? [String: Any])
            #expect(error["code"] as? String == "unauthorized")
            #expect(error["type"] as? String == "authentication_error")
        }
        let upload = await state.uploadBase64(
            body: try body(["base64_data": "iVBORw0KGgo="]), authorization: authorization, host: host)
        #expect(upload.status == 401)
        #expect(try json(upload)["success"] as? Bool == false && json(upload)["code"] as? Int == 401)
        let counters = await state.counters()
        #expect(counters.submissions == 0 && counters.uploads == 0)
    }

    @Test func withoutARequiredKeyAnyBearerKeyIsAccepted() async throws {
        let state = SimulatorState(configuration: SimulatorConfiguration())
        for key in ["sk-a", "anything-at-all"] {
            let answer = await state.createGeneration(
                body: try body(["model": "gpt-image-2", "prompt": "x"]), idempotencyKey: nil,
                authorization: "Bearer \(key)", host: host)
            #expect(answer.status == 200)
        }
    }

    /// Reads the task at `id` once it has had time to finish.
    private func finished(_ state: SimulatorState, _ id: String) async throws -> [String: Any] {
        await state.advanceClock(bySeconds: 3600)
        return try json(await state.taskStatus(id: id, authorization: bearer, host: host))
    }

    private func upload(_ state: SimulatorState, host: String) async throws -> String {
        let png = try #require(
            PNGCodec.encode(RasterImage(width: 2, height: 2, channels: 4, pixels: [UInt8](repeating: 90, count: 16))))
        let answer = try json(
            await state.uploadBase64(
                body: try body(["base64_data": Data(png).base64EncodedString(), "file_name": "r.png"]),
                authorization: bearer, host: host))
        return try #require((answer["data"] as? [String: Any])?["file_url"] as? String)
    }

    @Test func aTaskWhoseReferenceCannotBeFetchedFailsWithImageProcessingError() async throws {
        let state = SimulatorState(configuration: SimulatorConfiguration(timeScale: 1))
        let own = try await upload(state, host: host)
        let otherSimulatorsFile = try await upload(state, host: "http://127.0.0.1:1")
        let unreachable = [
            "https://cdn.example.com/mug.png",
            // The same file id on another host: that server's file, not this one's.
            otherSimulatorsFile,
            "\(host)/files/file_doesnotexist/r.png",
        ]
        for url in unreachable {
            let created = try json(
                try await create(state, ["model": "gpt-image-2", "prompt": "x", "image_urls": [own, url]]))
            #expect(created["status"] as? String == "pending", "the API accepts the task and fails it later")
            let id = try #require(created["id"] as? String)
            let task = try await finished(state, id)
            #expect(task["status"] as? String == "failed", "\(url)")
            let error = try #require(task["error"] as? [String: Any])
            #expect(error["code"] as? String == "image_processing_error")
            #expect(error["type"] as? String == "task_error")
            #expect((error["message"] as? String)?.contains(String(url.prefix(60))) == true)
            #expect(task["results"] == nil)
            #expect(await state.result(taskID: id, index: 0).status == 404, "no placeholder image to download")
        }
        let counters = await state.counters()
        #expect(counters.completed == 0)
        #expect(
            try json(SimulatorResponse(status: 200, body: await state.statsJSON(), contentType: ""))[
                "faults_injected"] as? Int == 0, "not an injected fault")
    }

    @Test func anExpiredUploadCannotBeFetchedEither() async throws {
        let state = SimulatorState(configuration: SimulatorConfiguration(timeScale: 1))
        let own = try await upload(state, host: host)
        await state.advanceClock(bySeconds: 72 * 3600 + 1)
        let created = try json(try await create(state, ["model": "gpt-image-2", "prompt": "x", "image_urls": [own]]))
        let task = try await finished(state, try #require(created["id"] as? String))
        #expect((task["error"] as? [String: Any])?["code"] as? String == "image_processing_error")
    }

    @Test func fetchableReferencesCompleteAndAreDrawn() async throws {
        var configuration = SimulatorConfiguration(timeScale: 1)
        let red = try #require(
            PNGCodec.encode(
                RasterImage(
                    width: 4, height: 4, channels: 4, pixels: (0..<16).flatMap { _ in [255, 0, 0, 255] as [UInt8] })))
        configuration.externalReferences = { $0 == "https://refs.test/red.png" ? red : nil }
        let state = SimulatorState(configuration: configuration)
        let own = try await upload(state, host: host)
        let created = try json(
            try await create(
                state,
                [
                    "model": "gpt-image-2", "prompt": "x", "size": "1:1",
                    "image_urls": ["https://refs.test/red.png", own],
                ]
            ))
        let id = try #require(created["id"] as? String)
        #expect(try await finished(state, id)["status"] as? String == "completed")
        let image = try #require(PNGCodec.decodeRGBA(await state.result(taskID: id, index: 0).body))
        let center = (image.height / 2 * image.width + image.width / 2) * 4
        #expect(Array(image.pixels[center..<center + 3]) == [255, 0, 0], "the first reference is drawn")
    }
}
