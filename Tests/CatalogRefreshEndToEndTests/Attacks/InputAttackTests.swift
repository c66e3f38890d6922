import CatalogTestSupport
import Foundation
import Testing

/// Hostile spec and feed input through the real binary and its embedded simulator.
@Suite("Input attacks", .serialized)
struct InputAttackTests {
    let mug = RepositoryPaths.fixture("images/mug.png")

    func run(_ arguments: [String], in directory: TemporaryDirectory) async throws -> ProcessResult {
        try await ProcessRunner.run(RepositoryPaths.executable, arguments, workingDirectory: directory.path)
    }

    /// A spec over `feed.csv` in `directory`, with `extra` appended.
    func spec(in directory: TemporaryDirectory, feed: String, extra: String = "") throws -> String {
        _ = try directory.write(feed, to: "feed.csv")
        return try directory.write(
            """
            version: 1
            feed:
              source: feed.csv
            prompt: "Photo of {{title}}"
            image:
              quality: low
            output:
              folder: out
            \(extra)
            """, to: "spec.yml")
    }

    /// #20 item 4: `budget_usd: 1e13` crashed `validate` and `run` (Double → Int64, exit 132).
    @Test func anEnormousBudgetIsALocatedErrorNotACrash() async throws {
        let directory = try TemporaryDirectory()
        let path = try spec(
            in: directory, feed: "id,title,image_link\nA,Mug,\(mug)\n", extra: "limits:\n  budget_usd: 1e13\n")
        for command in ["validate", "run"] {
            let result = try await run([command, path], in: directory)
            #expect(result.exitCode == 3, "\(command): \(result.stderr)")
            #expect(
                result.stderr.contains("spec.yml:10:15: error: `limits.budget_usd` must be at most 1000000, not 1e13"),
                "\(result.stderr)")
        }
    }

    /// #20 item 3: `a/b/c` and `a_b_c-d76a7b72` wrote one file (one paid image overwrote the
    /// other). `plan` and `run` refuse, naming both, before anything is paid: exit 3.
    @Test func twoJobsThatWouldWriteOneFileStopThePlanAndTheRun() async throws {
        let directory = try TemporaryDirectory()
        let path = try spec(
            in: directory, feed: "id,title,image_link\na/b/c,Mug,\(mug)\nB,Lamp,\(mug)\na_b_c-d76a7b72,Pot,\(mug)\n")
        for command in ["plan", "run"] {
            let result = try await run([command, path], in: directory)
            #expect(result.exitCode == 3, "\(command): \(result.stderr)")
            #expect(
                result.stderr.contains("a/b/c [] and a_b_c-d76a7b72 [] would both write images/a_b_c-d76a7b72/default"),
                "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.url("out/images").path))
        #expect(!FileManager.default.fileExists(atPath: directory.url("out/manifest.json").path))
    }

    /// #20 item 3, across runs: `a/b/c` stored by one run, then gone from the feed, and
    /// `a_b_c-d76a7b72` new in the next: the new job would overwrite the stored image that
    /// `a/b/c`'s row still points to (and `a/b/c` coming back would be "current" with a wrong
    /// checksum). The second plan and run refuse, exit 3, nothing paid.
    @Test func aNewJobThatWouldOverwriteAStoredImageStopsThePlanAndTheRun() async throws {
        let directory = try TemporaryDirectory()
        let path = try spec(in: directory, feed: "id,title,image_link\na/b/c,Mug,\(mug)\n")
        let first = try await run(["run", path], in: directory)
        #expect(first.exitCode == 0, "\(first.stderr)")
        let stored = try Data(contentsOf: directory.url("out/images/a_b_c-d76a7b72/default.png"))
        _ = try directory.write("id,title,image_link\na_b_c-d76a7b72,Pot,\(mug)\n", to: "feed.csv")
        for command in ["plan", "run"] {
            let result = try await run([command, path], in: directory)
            #expect(result.exitCode == 3, "\(command): \(result.stderr)")
            #expect(
                result.stderr.contains(
                    "a_b_c-d76a7b72 [] would overwrite images/a_b_c-d76a7b72/default, where the image stored for a/b/c [] is"
                ),
                "\(result.stderr)")
        }
        #expect(try Data(contentsOf: directory.url("out/images/a_b_c-d76a7b72/default.png")) == stored)
    }

    /// #20 item 12: a 35,000-character prompt was planned and would have been sent. It is
    /// skipped as `prompt_too_long`, named by `plan` and `run`; the run exits 4 (the skip is
    /// not allowed) having paid only for the product whose prompt fits.
    @Test func aPromptOverTheAPILimitIsSkippedNamedAndNeverSent() async throws {
        let directory = try TemporaryDirectory()
        let long = String(repeating: "x", count: 35_000)
        let path = try spec(in: directory, feed: "id,title,image_link\nLONG,\(long),\(mug)\nOK,Mug,\(mug)\n")
        let plan = try await run(["plan", path], in: directory)
        #expect(plan.exitCode == 0, "\(plan.stderr)")
        #expect(
            plan.stdout.contains("skipped: LONG (line 2): the prompt is 35009 Unicode code points, over the 32000"),
            "\(plan.stdout.prefix(2000))")
        let result = try await run(["run", path], in: directory)
        #expect(result.exitCode == 4, "\(result.stderr.suffix(2000))")
        #expect(result.stderr.contains("1 prompt_too_long"), "\(result.stderr.suffix(2000))")
        #expect(result.stdout.contains("1 submitted, 1 stored, 0 failed"), "\(result.stdout)")
    }

    /// #20 item 9: `output.folder: ../../..` (the filesystem root) was accepted, and `run
    /// --output /` too; both are refused before the folder is touched.
    @Test func anOutputFolderAboveTheSpecIsRefused() async throws {
        let directory = try TemporaryDirectory()
        let feed = "id,title,image_link\nA,Mug,\(mug)\n"
        let path = try spec(in: directory, feed: feed)
        let root = try await run(["run", path, "--output", "/"], in: directory)
        #expect(root.exitCode == 3, "\(root.stderr)")
        #expect(
            root.stderr.contains("--output / cannot be an output folder: it is the filesystem root"), "\(root.stderr)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "folder: out", with: "folder: ../../../../../../../..")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let validate = try await run(["validate", path], in: directory)
        #expect(validate.exitCode == 3, "\(validate.stderr)")
        #expect(validate.stderr.contains("spec.yml:8:11: error: `output.folder` `../../../../../../../..` cannot be"))
    }

    /// #20 items 5 and 12: a spec over 1 MB, a pipe and a device are refused by `validate` at
    /// once; the loader refused them, but the diagnostic printer then read the whole file (or
    /// waited on the pipe for ever) to quote its line 1.
    @Test func aHugeSpecAPipeAndADeviceAreRefusedWithoutReadingThem() async throws {
        let directory = try TemporaryDirectory()
        let big = try directory.write(String(repeating: "# padding\n", count: 2_000_000), to: "big.yml")
        let pipe = directory.url("pipe.yml").path
        #expect(mkfifo(pipe, 0o600) == 0)
        for (path, problem) in [(big, "over 1 MB"), (pipe, "not a regular file"), ("/dev/zero", "not a regular file")] {
            let result = try await ProcessRunner.run(
                RepositoryPaths.executable, ["validate", path], workingDirectory: directory.path, timeout: .seconds(60))
            #expect(!result.timedOut, "validate \(path) did not end")
            #expect(result.exitCode == 3, "\(path): \(result.stderr.prefix(400))")
            #expect(result.stderr.contains(problem), "\(path): \(result.stderr.prefix(400))")
            #expect(result.stderr.utf8.count < 2000, "\(path): the diagnostic quoted the file")
        }
    }
}
