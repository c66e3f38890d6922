/// Waits until `condition` holds, looking every `interval`, for at most `timeout`; whether it
/// held. Tests wait for a condition, not a fixed pause: a loaded CI machine is slow, not wrong.
@discardableResult
public func pollUntil(
    timeout: Duration = .seconds(60), every interval: Duration = .milliseconds(20),
    _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else { return false }
        try? await Task.sleep(for: interval)
    }
    return true
}
