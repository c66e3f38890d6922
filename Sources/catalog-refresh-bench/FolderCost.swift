import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How long making a new folder takes on the benchmark's file system right now.
///
/// Every stored result costs a new product folder and a new file, and on ext4 without a journal
/// (this VM's disk) a new inode skips each one freed in the last minute or so, looking each up:
/// after a test run or the previous phase's cleanup deletes thousands of files, a new folder costs
/// ten times as much, and that is system time the dispatch benchmark counts as the client's. The
/// figure says whether a run's CPU time measured the client or the file system's recent past.
enum FolderCost {
    /// Makes `count` empty folders inside `parent` (left there; deleting them would add to the
    /// very cost measured) and returns the mean time per folder, in microseconds.
    static func microseconds(in parent: URL, count: Int = 256) throws -> Double {
        let probe = parent.appendingPathComponent("folder-cost")
        try FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)
        let started = ContinuousClock.now
        for index in 0..<count {
            let path = probe.appendingPathComponent("\(index)").path
            guard mkdir(path, 0o755) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        }
        let elapsed = ContinuousClock.now - started
        return elapsed / .microseconds(1) / Double(count)
    }
}
