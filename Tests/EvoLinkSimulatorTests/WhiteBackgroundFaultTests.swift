import CatalogTestSupport
import Foundation
import Testing

@testable import EvoLinkSimulator

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The `off_white` and `small_product` faults: drawn per task at submission, only for prompts
/// that ask for white, and shown by every download of the task.
struct WhiteBackgroundFaultTests {
    let host = "http://sim.test"
    let bearer = "Bearer sk-test"

    @Test func theFaultsParseAndAreNamedInTheError() throws {
        let faults = try SimulatorFaults.parse("chaos, off_white=0.25,small_product=1")
        #expect(faults.offWhite == 0.25 && faults.smallProduct == 1 && faults.serverError == 0.10)
        #expect(SimulatorFaults.chaos.offWhite == 0 && SimulatorFaults.chaos.smallProduct == 0)
        let error = #expect(throws: SimulatorFaultsError.self) { try SimulatorFaults.parse("off_white=2") }
        #expect(error?.description.contains("off_white, small_product") == true)
    }

    /// Creates a task for `prompt`, lets it finish and downloads its first result.
    func completedResult(
        _ state: SimulatorState, prompt: String, references: [String] = []
    ) async throws -> (png: [UInt8], task: SimulatedTask) {
        var fields: [String: Any] = ["model": "gpt-image-2", "prompt": prompt, "size": "1:1", "quality": "low", "n": 2]
        if !references.isEmpty { fields["image_urls"] = references }
        let body = try JSONSerialization.data(withJSONObject: fields)
        let created = await state.createGeneration(
            body: Array(body), idempotencyKey: nil, authorization: bearer, host: host)
        let id = try #require(try SimulatorFaultAttackTests.json(created)["id"] as? String)
        await state.advanceClock(bySeconds: 3600)
        let result = await state.result(taskID: id, index: 0)
        #expect(result.status == 200)
        #expect(await state.result(taskID: id, index: 0).body == result.body, "every download shows the same image")
        return (result.body, try #require(await state.tasks[id]))
    }

    @Test(
        arguments: [
            ("off_white=1", [245, 245, 245], 0.86...0.90, 1),
            ("small_product=1", [255, 255, 255], 0.48...0.52, 1),
            ("off_white=1,small_product=1", [245, 245, 245], 0.48...0.52, 2),
            ("off_white=0,small_product=0", [255, 255, 255], 0.86...0.90, 0),
        ] as [(String, [UInt8], ClosedRange<Double>, Int)])
    func aWhiteBackgroundTaskShowsTheFaultsItDrew(
        faults: String, background: [UInt8], fill: ClosedRange<Double>, injected: Int
    ) async throws {
        let state = SimulatorState(
            configuration: SimulatorConfiguration(timeScale: 1, faults: try SimulatorFaults.parse(faults)))
        let (png, _) = try await completedResult(state, prompt: "a mug on a pure white background")
        let rendered = try RenderedImage(png)
        #expect(rendered.borderColours == [background])
        let box = try #require(rendered.box(notMatching: background))
        #expect(fill.contains(rendered.fill(box)), "fill \(rendered.fill(box))")
        #expect(rendered.offCentre(box) <= 2)
        #expect(await state.stats.faults_injected == injected)
    }

    /// Both simulators draw the same reference (a task without one draws a disc coloured by its
    /// random task id), so the images must be the same bytes.
    @Test func aSceneIsNeverDrawnForEitherFault() async throws {
        var faulty = SimulatorConfiguration(
            timeScale: 1, faults: try SimulatorFaults.parse("off_white=1,small_product=1"))
        var clean = SimulatorConfiguration(timeScale: 1)
        faulty.externalReferences = SimulatorConfiguration.solidImage(servedUnder: "https://refs.test/")
        clean.externalReferences = faulty.externalReferences
        let prompt = "a mug on a rustic oak table at golden hour"
        let references = ["https://refs.test/grey.png"]
        let faultyState = SimulatorState(configuration: faulty)
        let (spoiled, task) = try await completedResult(faultyState, prompt: prompt, references: references)
        #expect(task.whiteBackgroundFlaws == .none)
        #expect(await faultyState.stats.faults_injected == 0)
        let unspoiled = try await completedResult(
            SimulatorState(configuration: clean), prompt: prompt, references: references)
        let same = spoiled == unspoiled.png
        #expect(same, "a scene renders the same bytes whatever faults are configured")
    }

    /// The whole path a run takes: upload a fixture reference, submit over HTTP, poll, download
    /// the result URL, all against a simulator started with `off_white=1,small_product=1`.
    @Test func overHTTPAWhiteBackgroundResultShowsBothFaults() async throws {
        let simulator = try await RunningSimulator.start(
            configuration: SimulatorConfiguration(
                timeScale: 0.001, faults: try SimulatorFaults.parse("off_white=1,small_product=1")))
        let mug = try Data(contentsOf: URL(fileURLWithPath: RepositoryPaths.fixture("images/mug.png")))
        let upload = try await call(
            simulator, "POST", "/api/v1/files/upload/base64",
            ["base64_data": mug.base64EncodedString(), "file_name": "mug.png"])
        let reference = try #require((upload["data"] as? [String: Any])?["file_url"] as? String)
        var task = try await call(
            simulator, "POST", "/v1/images/generations",
            [
                "model": "gpt-image-2", "prompt": "Marketplace main image: the mug on a pure white background",
                "size": "1024x1024", "quality": "low", "image_urls": [reference],
            ])
        let id = try #require(task["id"] as? String)
        // The simulator's own clock, not real time: an hour on, any task has finished.
        await simulator.state.advanceClock(bySeconds: 3600)
        task = try await call(simulator, "GET", "/v1/tasks/\(id)")
        #expect(task["status"] as? String == "completed")
        let link = try #require((task["results"] as? [String])?.first)
        let url = try #require(URL(string: link))
        let (png, _) = try await URLSession.shared.data(from: url)
        let rendered = try RenderedImage(Array(png))
        #expect(rendered.width == 1024 && rendered.height == 1024)
        #expect(rendered.borderColours == [[245, 245, 245]])
        let measured = rendered.complianceMeasurement()
        #expect(measured.whiteShare < 0.98 && measured.fill < 0.85, "\(measured)")
        #expect((0.48...0.52).contains(measured.fill), "\(measured)")
        await simulator.stop()
    }

    private func call(
        _ simulator: RunningSimulator, _ method: String, _ path: String, _ fields: [String: Any]? = nil
    ) async throws -> [String: Any] {
        var request = URLRequest(url: try #require(URL(string: simulator.baseURL + path)))
        request.httpMethod = method
        request.setValue(bearer, forHTTPHeaderField: "Authorization")
        if let fields {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: fields)
        }
        let (data, _) = try await URLSession.shared.data(for: request)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}
