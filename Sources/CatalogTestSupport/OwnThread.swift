import Foundation

/// Runs `body` on a thread of its own and waits for it without holding a thread of Swift's
/// cooperative pool. A test that computes for seconds (planning 200,000 products in a debug
/// build) would otherwise hold one of the pool's few threads (two on a 2-core machine) and
/// starve the tests beside it whose servers, timers and continuations need the pool.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try body() })
        }
    }
}
