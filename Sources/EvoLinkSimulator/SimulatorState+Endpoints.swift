import CatalogModel
import Foundation

extension SimulatorState {
    /// `POST /v1/images/generations`.
    func createGeneration(
        body: [UInt8], idempotencyKey: String?, authorization: String?, host: String
    ) -> SimulatorResponse {
        if let refusal = admit(authorization: authorization, rateLimitType: "rate_limit_error") { return refusal }
        settleFinishedTasks()
        guard let request = try? JSONDecoder().decode(SimulatorWire.GenerationRequest.self, from: Data(body)) else {
            return .invalidRequest("the body is not a JSON generation request")
        }
        if let model = request.model, configuration.deniedModels.contains(model) {
            return .error(
                403, "model_access_denied", "Token does not have access to model: \(model)",
                type: "invalid_request_error")
        }
        let accepted: GenerationValidator.Accepted
        switch GenerationValidator.validate(request) {
        case .success(let value): accepted = value
        case .failure(let failure): return .invalidRequest(failure.message, param: failure.param)
        }
        if let key = idempotencyKey {
            guard key.count >= 16, key.count <= 96,
                key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
            else {
                return .invalidRequest(
                    "Idempotency-Key must be 16–96 characters of [A-Za-z0-9._-]", param: "Idempotency-Key")
            }
            if let existingID = taskIDsByIdempotencyKey[key], let existing = tasks[existingID] {
                guard existing.originalRequest == request else {
                    return .error(
                        409, "idempotency_conflict", "Idempotency-Key reused with a different request body",
                        type: "invalid_request_error")
                }
                stats.replays += 1
                return .json(
                    quotingKey(in: snapshot(of: existing, host: host), of: existing),
                    headers: [("idempotency-replayed", "true")])
            }
        }
        guard runningTaskCount < configuration.maxConcurrentTasks else {
            stats.rate_limited += 1
            return .error(
                429, "rate_limit_exceeded", "Too many concurrent tasks, please try again later",
                type: "rate_limit_error", headers: [("Retry-After", "1")])
        }
        let quote = drawKeyQuote(authorization: authorization)
        if case .errorBody(let message) = quote {
            return .error(400, "invalid_request", message, type: "invalid_request_error")
        }
        let cost = GenerationValidator.credits(for: accepted)
        guard creditsRemaining >= cost else {
            return .error(
                402, "insufficient_quota", "Insufficient quota. Please top up your account.", type: "insufficient_quota"
            )
        }
        creditsRemaining -= cost
        let now = clock.now
        var task = SimulatedTask(
            id: "task-unified-\(Int(now))-\(nextID())", created: now,
            duration: drawDuration(for: accepted),
            request: accepted, creditsReserved: cost, idempotencyKey: idempotencyKey, originalRequest: request)
        switch fetchReferences(accepted.imageURLs, host: host) {
        case .success(let references):
            task.reference = references.first
            task.fate = drawTaskFate()
            quote?.apply(to: &task)
            if task.fate == .completes { task.whiteBackgroundFlaws = drawWhiteBackgroundFlaws(prompt: accepted.prompt) }
        case .failure(let unreachable):
            // The API takes the task and fails it when it cannot load a reference (§2.6, §9.3).
            task.fate = .fails(UnreachableReference.code)
            task.failureMessage = unreachable.message
        }
        tasks[task.id] = task
        trackUntilSettled(task)
        if let idempotencyKey {
            taskIDsByIdempotencyKey[idempotencyKey] = task.id
            paidSubmissionsByKey[idempotencyKey, default: 0] += 1
        }
        stats.submissions += 1
        if !slotsFreedAt.isEmpty {
            stats.read_to_next_submission_seconds += now - slotsFreedAt.removeFirst()
            stats.slots_refilled += 1
        }
        return .json(snapshot(of: task, host: host, at: now))
    }

    /// `GET /v1/tasks/{id}`.
    func taskStatus(id: String, authorization: String?, host: String) -> SimulatorResponse {
        if let refusal = admit(authorization: authorization, rateLimitType: "evo_api_error") { return refusal }
        settleFinishedTasks()
        guard id.hasPrefix("task-unified-") else {
            return .error(
                400, "invalid_task_id", "Invalid task ID format, must start with 'task-unified-'",
                type: "invalid_request_error", param: "task_id")
        }
        guard var task = tasks[id] else {
            return .error(404, "task_not_found", "The requested task could not be found", type: "invalid_request_error")
        }
        let now = clock.now
        // Decided as the answer is: completed or failed, never a task stuck on purpose.
        let status = task.status(at: now).status
        if !task.finishReported, status == "completed" || status == "failed" {
            task.finishReported = true
            tasks[id] = task
            stats.finish_to_read_seconds += now - task.completesAt
            stats.finishes_read += 1
            slotsFreedAt.append(now)
        }
        return .json(quotingKey(in: snapshot(of: task, host: host, at: now), of: task))
    }

    /// What to render for `GET /results/{task}/{index}.png`, or the answer when there is
    /// nothing to render (unknown, unfinished, or expired after 24 h). Rendering itself happens
    /// outside the actor so downloads proceed in parallel.
    func resultRequest(taskID: String, index: Int) -> Result<ResultRender, SimulatorResponseBox> {
        settleFinishedTasks()
        let now = clock.now
        guard let task = tasks[taskID], task.completesAt <= now, task.fate == .completes,
            (0..<task.request.n).contains(index)
        else {
            return .failure(
                SimulatorResponseBox(
                    SimulatorResponse(status: 404, body: Array("not found".utf8), contentType: "text/plain")))
        }
        guard now < task.completesAt + configuration.resultLifetime else {
            return .failure(
                SimulatorResponseBox(
                    SimulatorResponse(
                        status: 403, body: Array("<html><body>link expired</body></html>".utf8),
                        contentType: "text/html")))
        }
        stats.downloads += 1
        return .success(
            ResultRender(
                width: task.request.width, height: task.request.height,
                prompt: index == 0 ? task.request.prompt : "\(task.request.prompt)#\(index)",
                reference: task.reference, fallbackSeed: task.request.imageURLs.first ?? task.id,
                flaws: task.whiteBackgroundFlaws))
    }

    /// The whole download in one call (tests that need no parallelism).
    func result(taskID: String, index: Int) async -> SimulatorResponse {
        switch resultRequest(taskID: taskID, index: index) {
        case .failure(let box): return box.response
        case .success(let render): return corrupting(render.response())
        }
    }

    /// `GET /v1/credits`.
    func credits(authorization: String?) -> SimulatorResponse {
        if let refusal = admit(authorization: authorization, rateLimitType: "evo_api_error") { return refusal }
        settleFinishedTasks()
        return .json(
            SimulatorWire.Credits(
                data: .init(
                    token: .init(
                        remaining_credits: creditsRemaining, unlimited_credits: true, used_credits: creditsUsed),
                    user: .init(remaining_credits: creditsRemaining, used_credits: creditsUsed))))
    }
}

extension SimulatorState {
    /// The duration of a task accepted now: from the seeded sequence when there is one.
    func drawDuration(for accepted: GenerationValidator.Accepted) -> Double {
        guard var seeded = seededDurations else {
            var system = SystemRandomNumberGenerator()
            return configuration.taskDuration(
                quality: accepted.quality, resolution: accepted.resolution, n: accepted.n, using: &system)
        }
        defer { seededDurations = seeded }
        return configuration.taskDuration(
            quality: accepted.quality, resolution: accepted.resolution, n: accepted.n, using: &seeded)
    }
}
