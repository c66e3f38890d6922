import Foundation
import Testing

@testable import EvoLinkSimulator

/// The simulator's endpoints, called directly (no socket): validation, lifecycle, idempotency,
/// limits and expiry, each answered in the reference's shapes.
struct SimulatorStateTests {
    let host = "http://sim.test"
    /// Any key will do for a simulator without a required one.
    let bearer = "Bearer sk-test"

    func json(_ response: SimulatorResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }

    func errorCode(_ response: SimulatorResponse) throws -> String? {
        (try json(response)["error"] as? [String: Any])?["code"] as? String
    }

    func body(_ fields: [String: Any]) throws -> [UInt8] {
        Array(try JSONSerialization.data(withJSONObject: fields))
    }

    func create(_ state: SimulatorState, _ fields: [String: Any], key: String? = nil) async throws -> SimulatorResponse
    {
        await state.createGeneration(body: try body(fields), idempotencyKey: key, authorization: bearer, host: host)
    }

    @Test(
        arguments: [
            (["model": "gpt-image-2", "prompt": "x", "size": "1000x1000"], "size"),
            (["model": "gpt-image-2", "prompt": "x", "size": "4:1"], "size"),
            (["model": "gpt-image-2", "prompt": ""], "prompt"),
            (["model": "dall-e-3", "prompt": "x"], "model"),
            (["model": "gpt-image-2", "prompt": "x", "n": 11], "n"),
            (["model": "gpt-image-2", "prompt": "x", "image_urls": [String]()], "image_urls"),
            (
                [
                    "model": "gpt-image-2", "prompt": "x",
                    "image_urls": Array(repeating: "https://x.test/a.png", count: 17),
                ], "image_urls"
            ),
            (["model": "gpt-image-2", "prompt": "x", "quality": "ultra"], "quality"),
            (["model": "gpt-image-2-beta", "prompt": "x", "quality": "high"], "quality"),
            (["model": "gpt-image-2-beta", "prompt": String(repeating: "a", count: 2001)], "prompt"),
            (["model": "gpt-image-2", "prompt": "x", "callback_url": "http://insecure.test/hook"], "callback_url"),
        ] as [([String: any Sendable], String)])
    func invalidRequestsGet400WithTheParameter(fields: [String: any Sendable], param: String) async throws {
        let state = SimulatorState(configuration: SimulatorConfiguration())
        let response = try await create(state, fields)
        #expect(response.status == 400)
        let error = try #require(try json(response)["error"] as? [String: Any])
        #expect(error["code"] as? String == "invalid_request")
        #expect(error["type"] as? String == "invalid_request_error")
        #expect(error["param"] as? String == param)
        #expect(await state.counters().submissions == 0)
    }

    @Test func aTaskGoesPendingThenCompletedWithARealPNGAtTheRequestedSize() async throws {
        let state = SimulatorState(configuration: SimulatorConfiguration(timeScale: 1))
        let created = try json(
            try await create(state, ["model": "gpt-image-2", "prompt": "a red mug", "size": "16:9", "quality": "low"]))
        let id = try #require(created["id"] as? String)
        #expect(id.range(of: #"^task-unified-\d+-[a-z0-9]{8}$"#, options: .regularExpression) != nil)
        #expect(created["status"] as? String == "pending")
        #expect(created["object"] as? String == "image.generation.task")
        #expect((created["task_info"] as? [String: Any])?["can_cancel"] as? Bool == true)

        await state.advanceClock(bySeconds: 5)
        let midway = try json(await state.taskStatus(id: id, authorization: bearer, host: host))
        #expect(midway["status"] as? String == "processing")
        #expect((midway["progress"] as? Int).map { (1...99).contains($0) } == true)

        await state.advanceClock(bySeconds: 10)
        let done = try json(await state.taskStatus(id: id, authorization: bearer, host: host))
        #expect(done["status"] as? String == "completed")
        #expect(done["progress"] as? Int == 100)
        let url = try #require((done["results"] as? [String])?.first)
        #expect(url == "\(host)/results/\(id)/0.png")

        let image = await state.result(taskID: id, index: 0)
        #expect(image.status == 200 && image.contentType == "image/png")
        let decoded = try #require(PNGCodec.decodeRGBA(image.body))
        #expect(decoded.width == 1360 && decoded.height == 768)
        #expect(await state.counters().completed == 1)
    }

    /// The benchmark's view of a slot's turnaround: how long a finished task waited for the
    /// read that saw it (once per task), and how long the slot it freed stood idle until the
    /// next new submission, oldest freed first (a replay takes no slot). The clock runs a
    /// millionth of real time, so only `advanceClock` moves it.
    @Test func finishedTasksCountTheirReadLagAndTheIdleSlotBeforeTheNextSubmission() async throws {
        let state = SimulatorState(configuration: SimulatorConfiguration(timeScale: 1_000_000))
        let low = ["model": "gpt-image-2", "prompt": "x", "quality": "low"]
        let first = try #require(try json(try await create(state, low, key: "cr-0123456789abcdef"))["id"] as? String)
        let second = try #require(try json(try await create(state, low))["id"] as? String)
        let firstEnds = try #require(await state.tasks[first]?.completesAt)
        let secondEnds = try #require(await state.tasks[second]?.completesAt)
        let lastEnd = max(firstEnds, secondEnds)
        await state.advanceClock(bySeconds: min(firstEnds, secondEnds) - state.clock.now - 0.5)
        _ = await state.taskStatus(id: first, authorization: bearer, host: host)
        #expect(await state.stats.finishes_read == 0, "still running")
        await state.advanceClock(bySeconds: lastEnd - state.clock.now + 3)
        for _ in 0..<2 { _ = await state.taskStatus(id: first, authorization: bearer, host: host) }
        let firstRead = await state.clock.now
        await state.advanceClock(bySeconds: 1)
        _ = await state.taskStatus(id: second, authorization: bearer, host: host)
        var stats = await state.stats
        #expect(stats.finishes_read == 2)
        let lag = (firstRead - firstEnds) + (firstRead + 1 - secondEnds)
        #expect(abs(stats.finish_to_read_seconds - lag) < 0.01, "\(stats.finish_to_read_seconds) against \(lag)")
        await state.advanceClock(bySeconds: 2)
        _ = try await create(state, low, key: "cr-0123456789abcdef")
        #expect(await state.stats.slots_refilled == 0, "a replay is no new submission")
        _ = try await create(state, low)
        stats = await state.stats
        #expect(stats.slots_refilled == 1)
        #expect(abs(stats.read_to_next_submission_seconds - 3) < 0.01, "the first freed slot, 3 s idle")
        _ = try await create(state, low)
        _ = try await create(state, low)
        stats = await state.stats
        #expect(stats.slots_refilled == 2, "two slots were freed")
        #expect(abs(stats.read_to_next_submission_seconds - 5) < 0.01, "then the second, 2 s idle")
    }

    @Test func resultsExpireAfter24Hours() async throws {
        let state = SimulatorState(configuration: SimulatorConfiguration(timeScale: 1))
        let id = try #require(
            try json(try await create(state, ["model": "gpt-image-2", "prompt": "x", "quality": "low"]))["id"]
                as? String)
        await state.advanceClock(bySeconds: 20)
        #expect(await state.result(taskID: id, index: 0).status == 200)
        await state.advanceClock(bySeconds: 24 * 3600)
        let expired = await state.result(taskID: id, index: 0)
        #expect(expired.status == 403 && expired.contentType == "text/html")
    }

    @Test func theSameIdempotencyKeyReplaysAndADifferentBodyConflicts() async throws {
        let state = SimulatorState(configuration: SimulatorConfiguration())
        let key = "cr-0123456789abcdef0123"
        let first = try await create(state, ["model": "gpt-image-2", "prompt": "x"], key: key)
        let replay = try await create(state, ["model": "gpt-image-2", "prompt": "x"], key: key)
        #expect(try json(first)["id"] as? String == json(replay)["id"] as? String)
        #expect(replay.headers.contains { $0.0 == "idempotency-replayed" && $0.1 == "true" })
        let conflict = try await create(state, ["model": "gpt-image-2", "prompt": "y"], key: key)
        #expect(conflict.status == 409)
        #expect(try errorCode(conflict) == "idempotency_conflict")
        let counters = await state.counters()
        #expect(counters.submissions == 1 && counters.replays == 1 && counters.maxPaidPerKey == 1)
        #expect(
            try errorCode(try await create(state, ["model": "gpt-image-2", "prompt": "x"], key: "short"))
                == "invalid_request")
    }

    @Test func taskLookupsAnswerInvalidIDAndNotFound() async throws {
        let state = SimulatorState(configuration: SimulatorConfiguration())
        let invalid = await state.taskStatus(id: "abc", authorization: bearer, host: host)
        #expect(invalid.status == 400)
        #expect(try errorCode(invalid) == "invalid_task_id")
        let missing = await state.taskStatus(id: "task-unified-1-zzzzzzzz", authorization: bearer, host: host)
        #expect(missing.status == 404)
        #expect(try errorCode(missing) == "task_not_found")
    }

    @Test func limitsAnswer429WithRetryAfterAnd402WhenCreditRunsOut() async throws {
        let limited = SimulatorState(configuration: SimulatorConfiguration(requestsPerMinute: 2))
        _ = try await create(limited, ["model": "gpt-image-2", "prompt": "a"])
        _ = try await create(limited, ["model": "gpt-image-2", "prompt": "b"])
        let refused = try await create(limited, ["model": "gpt-image-2", "prompt": "c"])
        #expect(refused.status == 429)
        #expect(try errorCode(refused) == "rate_limit_exceeded")
        #expect(refused.headers.contains { $0.0 == "Retry-After" && Int($0.1) != nil })

        let poor = SimulatorState(configuration: SimulatorConfiguration(credits: 1))
        let broke = try await create(poor, ["model": "gpt-image-2", "prompt": "x", "quality": "high"])
        #expect(broke.status == 402)
        #expect(try errorCode(broke) == "insufficient_quota")
    }

    @Test func aRequiredKeyIsEnforced() async throws {
        let state = SimulatorState(configuration: SimulatorConfiguration(requiredAPIKey: "sk-required"))
        let otherKey = try await create(state, ["model": "gpt-image-2", "prompt": "x"])
        #expect(otherKey.status == 401)
        #expect(try errorCode(otherKey) == "unauthorized")
        let authorized = await state.createGeneration(
            body: try body(["model": "gpt-image-2", "prompt": "x"]), idempotencyKey: nil,
            authorization: "Bearer sk-required", host: host)
        #expect(authorized.status == 200)
    }

    @Test func uploadsAreSniffedAndExpireAfter72Hours() async throws {
        let state = SimulatorState(configuration: SimulatorConfiguration(timeScale: 1))
        let png = try #require(
            PNGCodec.encode(RasterImage(width: 2, height: 2, channels: 4, pixels: [UInt8](repeating: 200, count: 16))))
        let upload = try json(
            await state.uploadBase64(
                body: try body([
                    "base64_data": "data:image/png;base64," + Data(png).base64EncodedString(),
                    "file_name": "../a b.png",
                ]),
                authorization: bearer, host: host))
        #expect(upload["success"] as? Bool == true)
        let data = try #require(upload["data"] as? [String: Any])
        let url = try #require(data["file_url"] as? String)
        #expect(url.hasPrefix("\(host)/files/file_") && url.hasSuffix("/ab.png"))
        let id = String(url.dropFirst("\(host)/files/".count).prefix { $0 != "/" })
        #expect(await state.file(id: id).body == png)
        await state.advanceClock(bySeconds: 72 * 3600 + 1)
        #expect(await state.file(id: id).status == 404)

        let text = try json(
            await state.uploadBase64(
                body: try body(["base64_data": Data("hello".utf8).base64EncodedString()]), authorization: bearer,
                host: host))
        #expect(text["success"] as? Bool == false && text["code"] as? Int == 40002)
    }

    @Test func resultsDifferByPromptAndShowTheReference() async throws {
        let reference = RasterImage(
            width: 4, height: 4, channels: 4, pixels: (0..<16).flatMap { _ in [255, 0, 0, 255] as [UInt8] })
        let a = try #require(
            ResultRenderer.render(width: 64, height: 64, prompt: "on marble", reference: reference, fallbackSeed: ""))
        let b = try #require(
            ResultRenderer.render(width: 64, height: 64, prompt: "on teal", reference: reference, fallbackSeed: ""))
        #expect(a != b)
        #expect(
            a
                == ResultRenderer.render(
                    width: 64, height: 64, prompt: "on marble", reference: reference, fallbackSeed: ""))
        let pixels = try #require(PNGCodec.decodeRGBA(a)).pixels
        let center = (32 * 64 + 32) * 4
        #expect(Array(pixels[center..<center + 3]) == [255, 0, 0], "the reference's red product sits in the middle")
    }
}
