import CatalogModel
import Synchronization
import Testing

/// A trait for tests that compute for seconds in a debug build (rendering and measuring images,
/// parsing megabytes, publishing large manifests): they run on threads of their own instead of
/// on the cooperative pool. The pool has two threads on a two-core machine; two such tests on it stall
/// every loopback server, timer and continuation of the suites beside them, whose clients then
/// see deadlines pass that the code under test never caused.
public struct OffThePoolTrait: TestTrait, SuiteTrait, TestScoping {
    /// The computing tests' threads, one per core of a CI machine: the operating system shares
    /// the cores between them and everything else fairly, which the pool cannot.
    public static let executors = [
        ThreadExecutor(name: "computing tests 1"), ThreadExecutor(name: "computing tests 2"),
    ]
    private static let turn = Atomic<Int>(0)

    public var isRecursive: Bool { true }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        // Only around each test case (or the test itself when it has none), not its suite.
        guard !test.isSuite else { return try await function() }
        let index = Self.turn.add(1, ordering: .relaxed).oldValue
        try await withTaskExecutorPreference(Self.executors[index % Self.executors.count]) { try await function() }
    }
}

extension Trait where Self == OffThePoolTrait {
    /// Runs the test (every test of a suite) on one of the computing tests' threads (`OffThePoolTrait`).
    public static var offThePool: Self { OffThePoolTrait() }
}
