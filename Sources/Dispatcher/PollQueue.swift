/// The tasks in flight ordered by when each is next read: a binary min-heap of (deadline,
/// sequence) over a table of tasks, so the heap moves two words, not whole records, and tasks
/// due at the same moment come out in the order they went in. Push and pop are O(log n), which
/// keeps ten thousand tasks in flight cheap.
import CatalogModel

struct PollQueue {
    private struct Slot {
        var due: AnyClock.Instant
        var sequence: Int
    }

    private var heap: [Slot] = []
    private var tasks: [Int: InFlightTask] = [:]
    private var nextSequence = 0

    var count: Int { heap.count }
    var isEmpty: Bool { heap.isEmpty }

    /// When the earliest task is due, if any.
    var nextDue: AnyClock.Instant? { heap.first?.due }

    mutating func push(_ task: InFlightTask) {
        let sequence = nextSequence
        nextSequence += 1
        tasks[sequence] = task
        heap.append(Slot(due: task.nextPollAt, sequence: sequence))
        siftUp(from: heap.count - 1)
    }

    /// Removes and returns the earliest task if it is due at `now`.
    mutating func popDue(at now: AnyClock.Instant) -> InFlightTask? {
        guard let first = heap.first, first.due <= now else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(from: 0)
        }
        return tasks.removeValue(forKey: first.sequence)
    }

    private func before(_ a: Slot, _ b: Slot) -> Bool {
        a.due < b.due || (a.due == b.due && a.sequence < b.sequence)
    }

    private mutating func siftUp(from index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard before(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(from index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, before(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count, before(heap[right], heap[smallest]) { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
