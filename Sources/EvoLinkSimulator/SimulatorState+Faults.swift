extension SimulatorState {
    enum InjectedFault {
        case respond(SimulatorResponse)
        /// Simulated seconds to hold the answer back.
        case delay(Double)
    }

    private func roll(_ rate: Double) -> Bool {
        rate > 0 && Double.random(in: 0..<1) < rate
    }

    /// A fault to answer an API request with instead of processing it, if one is drawn.
    func faultBeforeProcessing(rateLimitType: String) -> InjectedFault? {
        let faults = configuration.faults
        if roll(faults.serverError) {
            stats.faults_injected += 1
            let status = [500, 502, 503].randomElement() ?? 500
            return .respond(
                .error(
                    status, status == 500 ? "internal_error" : "service_unavailable", "Injected fault",
                    type: "api_error"))
        }
        if roll(faults.rateLimited) {
            stats.faults_injected += 1
            return .respond(
                .error(
                    429, "rate_limit_exceeded", "Too many requests, please try again later", type: rateLimitType,
                    headers: [("Retry-After", "1")]))
        }
        if roll(faults.htmlPage) {
            stats.faults_injected += 1
            return .respond(
                SimulatorResponse(
                    status: 200, body: Array("<html><body>Bad gateway</body></html>".utf8), contentType: "text/html"))
        }
        if roll(faults.slow) {
            stats.faults_injected += 1
            return .delay(faults.slowSeconds)
        }
        return nil
    }

    /// Whether this submission quotes the key back (`KeyQuote`).
    func drawsKeyQuote() -> Bool {
        guard roll(configuration.faults.quoteKey) else { return false }
        stats.faults_injected += 1
        return true
    }

    /// Whether the connection should drop after this request was processed.
    func dropsConnection() -> Bool {
        guard roll(configuration.faults.dropConnection) else { return false }
        stats.faults_injected += 1
        return true
    }

    /// The fate of a new task: normal, stuck, or failing with a code.
    func drawTaskFate() -> SimulatedTask.Fate {
        let faults = configuration.faults
        if roll(faults.stuckTask) {
            stats.faults_injected += 1
            return .stuck
        }
        if roll(faults.failedTask) {
            stats.faults_injected += 1
            return .fails(faults.failureCodes.randomElement() ?? "service_error")
        }
        return .completes
    }

    /// What the `off_white` and `small_product` faults spoil in a task's results. Only a prompt
    /// that asks for a white background is drawn for (a scene has nothing they could spoil), and
    /// only a task that will complete, so `faults_injected` counts images that show the fault.
    func drawWhiteBackgroundFlaws(prompt: String) -> WhiteBackgroundFlaws {
        guard WhiteBackgroundPrompt.matches(prompt) else { return .none }
        var flaws = WhiteBackgroundFlaws.none
        if roll(configuration.faults.offWhite) {
            stats.faults_injected += 1
            flaws.offWhite = true
        }
        if roll(configuration.faults.smallProduct) {
            stats.faults_injected += 1
            flaws.smallProduct = true
        }
        return flaws
    }

    /// A result body cut short, if this download draws the fault.
    func corrupting(_ response: SimulatorResponse) -> SimulatorResponse {
        guard response.status == 200, roll(configuration.faults.corruptResult) else { return response }
        stats.faults_injected += 1
        var corrupted = response
        corrupted.body = Array(response.body.prefix(max(8, response.body.count / 3)))
        return corrupted
    }
}
