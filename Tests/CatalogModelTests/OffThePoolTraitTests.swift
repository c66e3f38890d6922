import CatalogTestSupport
import Foundation
import Testing

/// The computing tests' trait must move them off the cooperative pool, or the suites beside them
/// stall as they did in CI (a loopback server waiting 15 s behind two image renders).
@Suite(.offThePool)
struct OffThePoolTraitTests {
    static func currentThread() -> pthread_t { pthread_self() }

    static func computingThreads() async -> [pthread_t] {
        var threads: [pthread_t] = []
        for executor in OffThePoolTrait.executors {
            threads.append(await Task(executorPreference: executor) { currentThread() }.value)
        }
        return threads
    }

    @Test func aSynchronousBodyRunsOnAComputingThread() async {
        let computing = await Self.computingThreads()
        #expect(computing.contains(Self.synchronousBody()))
    }

    @Test(arguments: [1, 2, 3])
    func eachCaseRunsOnAComputingThread(_ index: Int) async {
        let computing = await Self.computingThreads()
        await Task.yield()
        #expect(computing.contains(Self.currentThread()), "case \(index)")
    }

    /// A synchronous function called from the test, as a synchronous test's body is.
    static func synchronousBody() -> pthread_t { currentThread() }
}

struct WithoutTheTraitTests {
    @Test func aTestWithoutItRunsOnThePool() async {
        let computing = await OffThePoolTraitTests.computingThreads()
        #expect(!computing.contains(pthread_self()))
    }
}
