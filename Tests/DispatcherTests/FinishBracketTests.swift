import CatalogModel
import Testing

@testable import Dispatcher

/// Where tasks of one kind end while they all take the same time: a running task is read at the
/// top of the bracket and at most once a step before it; each answer narrows it, and a task that
/// runs past its top turns it off for good.
struct FinishBracketTests {
    private let tolerance = Duration.milliseconds(100)
    private let minimum = Duration.milliseconds(30)
    private let step = Duration.milliseconds(750)

    /// Seen running at 27 s and done by 30.01 s: a task read at 20 s is read next no sooner
    /// than 27 s, on the grid of steps that ends at the top; one read at 29.5 s, at the top.
    @Test func aRunningTaskIsReadAtTheTopAndOnceAStepBeforeIt() throws {
        var bracket = FinishBracket()
        #expect(bracket.nextRead(waited: .seconds(10), step: step, minimum: minimum) == nil, "nothing completed yet")
        bracket.record(
            completed: false, sentAfter: .seconds(27), answeredAfter: .milliseconds(27_010), tolerance: tolerance)
        bracket.record(
            completed: true, sentAfter: .seconds(30), answeredAfter: .milliseconds(30_010), tolerance: tolerance)
        #expect(bracket.nextRead(waited: .seconds(20), step: step, minimum: minimum) == .milliseconds(7_010))
        #expect(bracket.nextRead(waited: .milliseconds(27_510), step: step, minimum: minimum) == .milliseconds(250))
        #expect(bracket.nextRead(waited: .milliseconds(29_500), step: step, minimum: minimum) == .milliseconds(510))
        #expect(
            bracket.nextRead(waited: .milliseconds(30_000), step: step, minimum: minimum) == minimum,
            "just below the top: no sooner than the minimum")
        #expect(
            bracket.nextRead(waited: .seconds(31), step: step, minimum: minimum) == step,
            "past the top (its answer will show the kind varies): a step")
    }

    /// Each answer narrows the bracket: a task that completed sooner lowers its top.
    @Test func answersNarrowIt() throws {
        var bracket = FinishBracket()
        bracket.record(
            completed: true, sentAfter: .seconds(30), answeredAfter: .milliseconds(30_400), tolerance: tolerance)
        bracket.record(
            completed: false, sentAfter: .milliseconds(29_900), answeredAfter: .milliseconds(29_910),
            tolerance: tolerance)
        bracket.record(
            completed: true, sentAfter: .seconds(30), answeredAfter: .milliseconds(30_050), tolerance: tolerance)
        #expect(bracket.running == .milliseconds(29_900) && bracket.finished == .milliseconds(30_050))
        #expect(bracket.nextRead(waited: .seconds(29), step: step, minimum: minimum) == .milliseconds(1_050))
    }

    /// A task still running past the earliest end seen (by more than the jitter) shows that
    /// tasks of the kind vary: the bracket stands down for good.
    @Test func aTaskRunningPastTheEndSeenTurnsItOff() {
        var bracket = FinishBracket()
        bracket.record(completed: true, sentAfter: .seconds(24), answeredAfter: .seconds(24), tolerance: tolerance)
        bracket.record(
            completed: false, sentAfter: .milliseconds(24_050), answeredAfter: .milliseconds(24_100),
            tolerance: tolerance)
        #expect(!bracket.varies, "within the jitter")
        bracket.record(completed: false, sentAfter: .seconds(27), answeredAfter: .seconds(27), tolerance: tolerance)
        #expect(bracket.varies)
        bracket.record(completed: true, sentAfter: .seconds(20), answeredAfter: .seconds(20), tolerance: tolerance)
        #expect(bracket.varies && bracket.nextRead(waited: .seconds(20), step: step, minimum: minimum) == nil)
    }
}
