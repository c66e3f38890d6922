import ArgumentParser

/// The process exit codes, documented in the README. Nightly jobs branch on them.
enum ExitStatus: Int32, CaseIterable {
    /// Every planned job is stored (or was already current).
    case success = 0
    /// An unexpected failure (I/O, database, a bug): the message says what.
    case failure = 1
    /// The spec or the feed is invalid: nothing was submitted.
    case invalidInput = 3
    /// The run finished but some jobs failed; see the failures printed and `manifest.json`.
    case partialFailure = 4
    /// The budget stopped the run before every job was submitted.
    case budgetReached = 5
    /// Some jobs are still running at the API or their outcome is unknown; rerun to resume.
    case unfinished = 6
    /// Another run holds the output folder (`RunLock`); nothing was done. Try again later.
    case busy = 75
    /// SIGINT or SIGTERM stopped the run; rerun to resume (nothing is paid twice).
    case interrupted = 130

    var exitCode: ExitCode { ExitCode(rawValue) }
}
