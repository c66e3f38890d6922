import Foundation
import Synchronization

/// Runs a command to completion and captures its output: how end-to-end tests drive the real
/// `catalog-refresh` binary.
public struct ProcessResult: Sendable {
    public var exitCode: Int32
    public var stdout: String
    public var stderr: String
    /// The process was still running at the `timeout` given to `run` and was terminated: a
    /// command that should have refused at once hung instead.
    public var timedOut = false
}

public enum ProcessRunner {
    /// Runs the command on a thread of its own and waits without holding a thread of the
    /// concurrency pool: the pool has as many threads as cores, and a test that blocked one for
    /// a command's whole run starved everything else in the suite (AsyncHTTPClient's deadlines
    /// among them, which go through the pool).
    ///
    /// `timeout` is a safety net for commands that must end on their own (a refusal, not a
    /// served port): past it the process is terminated and the result says `timedOut`, so a
    /// regression fails its test instead of hanging the suite. It never decides a pass.
    public static func run(
        _ executable: URL, _ arguments: [String], workingDirectory: String? = nil, environment: [String: String]? = nil,
        timeout: Duration? = nil
    ) async throws -> ProcessResult {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(
                    with: Result {
                        try runBlocking(
                            executable, arguments, workingDirectory: workingDirectory, environment: environment,
                            timeout: timeout)
                    })
            }
        }
    }

    private static func runBlocking(
        _ executable: URL, _ arguments: [String], workingDirectory: String?, environment: [String: String]?,
        timeout: Duration?
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        var env = environment ?? ProcessInfo.processInfo.environment
        if environment == nil { env["EVOLINK_API_KEY"] = nil }
        process.environment = env
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        try process.run()
        let timedOut = Mutex(false)
        if let timeout {
            let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) * 1e-18
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                guard process.isRunning else { return }
                timedOut.withLock { $0 = true }
                process.terminate()
            }
        }
        // Drain both pipes while the process runs so a full pipe never blocks it.
        let errData = Mutex(Data())
        let errorDrained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let data = errPipe.fileHandleForReading.readDataToEndOfFile()
            errData.withLock { $0 = data }
            errorDrained.signal()
        }
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        errorDrained.wait()
        process.waitUntilExit()
        return ProcessResult(
            exitCode: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.withLock { $0 }, as: UTF8.self), timedOut: timedOut.withLock { $0 })
    }
}

extension ProcessRunner {
    /// Starts the command in the background, its output discarded (its standard error kept in
    /// `stderrFile` when given, for a failing test to show) and without the caller's
    /// `EVOLINK_API_KEY` (unless `environment` is given): for tests that signal or kill it mid-run.
    public static func start(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, stderrFile: String? = nil
    ) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment =
            environment ?? ProcessInfo.processInfo.environment.filter { $0.key != "EVOLINK_API_KEY" }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        if let stderrFile, FileManager.default.createFile(atPath: stderrFile, contents: nil),
            let file = FileHandle(forWritingAtPath: stderrFile)
        {
            process.standardError = file
        }
        try process.run()
        return process
    }

    /// Waits for `process` to exit without blocking a concurrency thread.
    public static func waitForExit(_ process: Process) async {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                process.waitUntilExit()
                continuation.resume()
            }
        }
    }
}
