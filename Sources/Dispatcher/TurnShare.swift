/// Who gets a request turn when a task is due for a read and a submission is ready at once.
///
/// Always serving reads first looks safe (a task in flight is paid for) but makes waves: tasks
/// submitted together are read together one latency later, the reads take every turn while the
/// submissions wait, so those go out together again, and meanwhile slots sit idle. Sharing the
/// contended turns in the proportion the run actually needs, one submission for every `p`
/// reads where `p` is the reads it has taken per finished task so far, keeps both flowing at
/// the steady rate the limit allows. Until a task has finished there is no such figure and
/// reads go first. A read that waits a turn or two is only more likely to find its task done.
struct TurnShare {
    private var reads = 0
    private var finishedTasks = 0
    private var submissionCredit = 0.0

    /// One read was answered; `finishedTask` when it found its task finished (or ended it).
    mutating func recordRead(finishedTask: Bool) {
        reads += 1
        if finishedTask { finishedTasks += 1 }
    }

    /// Decides one contended turn: `true` gives it to the submission.
    mutating func submissionGoesNext() -> Bool {
        guard finishedTasks > 0 else { return false }
        let readsPerTask = Double(reads) / Double(finishedTasks)
        submissionCredit += 1 / (1 + readsPerTask)
        guard submissionCredit >= 1 else { return false }
        submissionCredit -= 1
        return true
    }
}
