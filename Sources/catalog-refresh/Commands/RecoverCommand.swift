import Approval
import ArgumentParser
import CatalogModel
import Foundation
import JobStore
import Logging
import PipelineSpec

struct RecoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Rebuild a lost state store from the output folder's manifest.json and images.",
        discussion: """
            For a folder whose state.sqlite was deleted, truncated or copied from another folder (`run` then \
            exits 3 and says so). Each item's job, fingerprint, output and review decision come back from \
            manifest.json, after its image's sha256 is checked on disk: a missing or changed file is named and \
            left out, and the next run generates it again (and pays for it). Exit 0 if every image verified, 4 if \
            some were left out. A healthy store is never replaced without --force, and a replaced store is moved \
            aside (state.sqlite.before-recover-…), never deleted.
            """)

    @Argument(help: ArgumentHelp("The pipeline spec (YAML).", valueName: "spec.yml"))
    var spec: String

    @OptionGroup var folder: OutputFolderOption

    @Flag(help: "Replace a store that looks healthy (it is moved aside, not deleted).")
    var force = false

    func run() throws {
        var loaded = try SpecLoading.load(spec)
        if let output = folder.output { loaded.output.folder = SpecLoader.resolveCommandLinePath(output) }
        let outputFolder = loaded.output.folder
        let shown = PipelineRun.displayPath(outputFolder)
        let lock: RunLock
        do {
            lock = try RunLock.acquire(folder: outputFolder)
        } catch {
            Console.error("\(error)")
            throw (error.isHeldByAnotherRun ? ExitStatus.busy : ExitStatus.failure).exitCode
        }
        defer { withExtendedLifetime(lock) {} }
        let manifestPath = URL(fileURLWithPath: outputFolder).appendingPathComponent("manifest.json").path
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            Console.error("\(shown) has no manifest.json to recover from; a run makes one")
            throw ExitStatus.invalidInput.exitCode
        }
        let manifest: RecoverableManifest
        do {
            manifest = try JSONDecoder().decode(RecoverableManifest.self, from: data)
        } catch {
            Console.error("\(PipelineRun.displayPath(manifestPath)) is not a manifest recover can read: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
        // Only the problem: the store it opened must be closed before its files move (SQLite
        // removes `state.sqlite-wal` by name when the last connection closes).
        let problem = FolderStateCheck.inspect(folder: outputFolder).problem
        let storePath = FolderStateCheck.storePath(in: outputFolder)
        if problem == nil, FileManager.default.fileExists(atPath: storePath), !force {
            Console.error(
                "\(shown)/state.sqlite is the store of this folder's manifest and holds its images; recover would "
                    + "replace it: add --force to do so anyway (the current store is moved aside, not deleted)")
            throw ExitStatus.invalidInput.exitCode
        }
        let movedAside = try Self.moveAside(storePath)
        for path in movedAside { Console.err("moved \(PipelineRun.displayPath(path)) aside") }

        let outcome = ManifestRecovery(folder: outputFolder, variants: loaded.variants)
            .recover(manifest, specName: loaded.name)
        let store = try JobStore(path: storePath)
        try store.restore(outcome.items, run: outcome.run, folderID: outcome.folderID)
        try ReviewContext(spec: loaded, store: store).publisher.publish()
        for note in outcome.notes { Console.warning("partial recovery: \(note)", event: "recover_partial") }
        for item in outcome.leftOut {
            Console.warning(
                "\(item.name): \(item.reason); left out: the next run generates it again (and pays for it)",
                event: "recover_left_out", ["job": .string(item.name)])
        }
        Console.out(
            "recovered \(outcome.items.count) of \(manifest.items.count) images (\(outcome.decisions) review "
                + "decisions) into \(shown)/state.sqlite"
                + (outcome.leftOut.isEmpty
                    ? "" : "; \(outcome.leftOut.count) left out, generated again by the next run"))
        if !outcome.leftOut.isEmpty { throw ExitStatus.partialFailure.exitCode }
    }

    /// Moves the store and its WAL files out of the way (never deletes them): the paths they went to.
    static func moveAside(_ storePath: String) throws -> [String] {
        let stamp = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
            .replacingOccurrences(of: ":", with: "")
        let suffixes = ["", "-wal", "-shm"]
        // A name no earlier recover took (two in one second get `-2`, `-3`, …).
        var base = "\(storePath).before-recover-\(stamp)"
        var attempt = 1
        while suffixes.contains(where: { FileManager.default.fileExists(atPath: base + $0) }) {
            attempt += 1
            base = "\(storePath).before-recover-\(stamp)-\(attempt)"
        }
        var moved: [String] = []
        for suffix in suffixes {
            let path = storePath + suffix
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let target = base + suffix
            try FileManager.default.moveItem(atPath: path, toPath: target)
            moved.append(target)
        }
        return moved
    }

    /// What a command that found `error` says: the problem and the command that mends it.
    static func hint(for error: FolderStateError, spec: PipelineSpec) -> String {
        "\(error); run `catalog-refresh recover \(PipelineRun.displayPath(spec.file)) --output "
            + "\(PipelineRun.displayPath(spec.output.folder))` to rebuild the store from manifest.json and its images"
    }
}
