import CatalogModel
import Synchronization
import Testing

/// The hand-over between a producing thread and a consuming one (`PlanBuilder`, `feed`).
struct BatchHandOffTests {
    struct Refused: Error, Equatable {
        var batch: Int
    }

    /// Records what the consuming thread saw, in order.
    final class Log: Sendable {
        let batches = Mutex<[[Int]]>([])
        let ends = Mutex(0)
    }

    @Test func batchesArriveWholeAndInOrderAndEndRunsOnceAfterTheLast() throws {
        let log = Log()
        let handOff = BatchHandOff<Int>(
            capacity: 2, name: "test hand-off", consume: { batch in log.batches.withLock { $0.append(batch) } },
            end: { log.ends.withLock { $0 += 1 } })
        let sent = (0..<50).map { index in Array(index * 7..<index * 7 + index % 5) }
        for batch in sent { try handOff.put(batch) }
        try handOff.finish()
        #expect(log.batches.withLock { $0 } == sent)
        #expect(log.ends.withLock { $0 } == 1)
    }

    @Test func aConsumerErrorStopsTheProducerAndIsThrownByFinish() throws {
        let log = Log()
        let handOff = BatchHandOff<Int>(
            capacity: 1, name: "test hand-off",
            consume: { batch in
                log.batches.withLock { $0.append(batch) }
                if batch == [3] { throw Refused(batch: 3) }
            }, end: { log.ends.withLock { $0 += 1 } })
        var refusedAt: Int?
        for index in 0..<1000 {
            do {
                try handOff.put([index])
            } catch let error as Refused {
                #expect(error == Refused(batch: 3))
                refusedAt = index
                break
            }
        }
        // The producer learns of the error within the batches the queue holds, not at the end.
        let stoppedAt = try #require(refusedAt)
        #expect(stoppedAt > 3 && stoppedAt <= 3 + 1 + 2, "stopped at \(stoppedAt)")
        #expect(throws: Refused(batch: 3)) { try handOff.finish() }
        #expect(log.batches.withLock { $0 } == [[0], [1], [2], [3]], "nothing is consumed after the error")
        #expect(log.ends.withLock { $0 } == 1)
    }

    @Test func aSecondFinishAnswersAsTheFirst() throws {
        let handOff = BatchHandOff<Int>(
            capacity: 1, name: "test hand-off", consume: { batch in if batch == [2] { throw Refused(batch: 2) } })
        for index in 0..<3 { try handOff.put([index]) }
        #expect(throws: Refused(batch: 2)) { try handOff.finish() }
        #expect(throws: Refused(batch: 2)) { try handOff.finish() }
    }

    @Test func finishWithNothingPutEndsTheThread() throws {
        let log = Log()
        let handOff = BatchHandOff<Int>(
            capacity: 4, name: "test hand-off", consume: { batch in log.batches.withLock { $0.append(batch) } },
            end: { log.ends.withLock { $0 += 1 } })
        try handOff.finish()
        #expect(log.batches.withLock { $0 }.isEmpty && log.ends.withLock { $0 } == 1)
    }

    /// What `consume` and `end` hold (a plan's comparing thread holds the store) is released by
    /// the time `finish` returns: a command that then exits closes its SQLite store instead of
    /// leaving `state.sqlite-wal` behind, as `plan` did on a busy machine. The consuming thread
    /// used to drop them only as it ended, after `finish` had returned.
    @Test func whatTheConsumerHoldsIsReleasedWhenFinishReturns() throws {
        final class Held: Sendable {}
        for round in 0..<200 {
            weak var consumed: Held?
            weak var ended: Held?
            let handOff: BatchHandOff<Int>
            do {
                let forConsume = Held()
                let forEnd = Held()
                consumed = forConsume
                ended = forEnd
                handOff = BatchHandOff<Int>(
                    capacity: 2, name: "test hand-off", consume: { _ in withExtendedLifetime(forConsume) {} },
                    end: { withExtendedLifetime(forEnd) {} })
            }
            try handOff.put([round])
            try handOff.finish()
            #expect(consumed == nil && ended == nil, "round \(round)")
            if consumed != nil || ended != nil { break }
        }
    }
}
