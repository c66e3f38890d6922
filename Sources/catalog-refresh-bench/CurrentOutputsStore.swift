import AssetStorage
import CatalogModel
import EvoLinkSimulator
import Foundation
import JobStore
import PipelineSpec

#if canImport(Glibc)
    import Glibc
#endif

/// Builds the output folder a night's run leaves behind when it has generated everything: a
/// state store in which every job the planner makes for the spec and its feed is stored with
/// its fingerprint and an output, and the output files themselves. A `run` of the spec over the
/// same feed then has nothing to submit. No network and no dispatcher: the jobs come from the
/// planner (`PlannedJobs`) and go into the store through its bulk insert
/// (`JobStore.insertStoredOutputs`), one transaction for the whole catalog.
///
/// Every output is one small real PNG (the simulator's 64×64 grey square, hard-linked into each
/// output's own path, so the folder looks like a real one): one image, one sha256. A run that
/// changes nothing reads no image but one: the manifest's compliance facts are measured per
/// sha256 and cached in the store, so the first run after the build measures the one file and
/// every later run finds the facts cached, as a real nightly run finds its images' facts from
/// the night before. `linkFiles: false` leaves the files out, for tests that never publish a
/// manifest.
enum CurrentOutputsStore {
    struct Built {
        var products: Int
        var jobs: Int
        var imageFiles: Int
    }

    /// ext4 allows 65,000 links to one inode: a new copy of the image starts every this many.
    static let linksPerFile = 60_000

    /// The store's file in an output folder, where `run` and `plan` look for it
    /// (`FolderStateCheck.storePath`, which lives in `Approval`).
    static func storePath(in folder: String) -> String {
        URL(fileURLWithPath: folder).appendingPathComponent("state.sqlite").path
    }

    /// Builds the store (and the image files) in `spec.output.folder`, which must not hold one yet.
    @discardableResult
    static func build(for spec: PipelineSpec, linkFiles: Bool = true) throws -> Built {
        let folder = spec.output.folder
        guard !FileManager.default.fileExists(atPath: storePath(in: folder)) else {
            throw BenchmarkError("\(folder) already has a state store")
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let image = try Image()
        let store = try JobStore(path: storePath(in: folder))
        let runID = try store.beginRun(specName: spec.name)
        var files = ImageFiles(folder: folder, image: image.bytes)
        var jobs = 0
        var products = 0
        try store.insertStoredOutputs(runID: runID) { insert in
            products = try PlannedJobs.forEach(in: spec) { batch in
                for job in batch {
                    jobs += 1
                    let path = OutputNaming.relativePath(for: job, fileExtension: image.info.format.fileExtension)
                    try insert(
                        job,
                        OutputRecord(
                            path: path, sha256: image.sha256, format: image.info.format.rawValue,
                            width: image.info.width, height: image.info.height, bytes: image.bytes.count,
                            taskID: "nightly-bench-\(jobs)", fingerprint: job.fingerprint.hex))
                    if linkFiles { try files.add(path) }
                }
            }
        }
        // Finished, as the night before's run was: a run after an unfinished one looks for its
        // abandoned temporary files first.
        try store.finishRun(runID, status: "finished")
        return Built(products: products, jobs: jobs, imageFiles: files.count)
    }

    /// The one image every output is.
    private struct Image {
        let bytes: [UInt8]
        let info: ImageInfo
        let sha256: String

        init() throws {
            let prefix = "nightly-bench:"
            guard let bytes = SimulatorConfiguration.solidImage(servedUnder: prefix)(prefix),
                let info = ImageSniffer.sniff(bytes)
            else { throw BenchmarkError("the simulator's image is not a PNG") }
            self.bytes = bytes
            self.info = info
            sha256 = SHA256.hash(bytes).hex
        }
    }

    /// Puts the image at each output path: a real file every `linksPerFile` outputs, hard
    /// links to it in between (a link costs a directory entry, not a copy).
    private struct ImageFiles {
        let folder: String
        let image: [UInt8]
        private(set) var count = 0
        private var source: String?
        private var lastDirectory: String?

        init(folder: String, image: [UInt8]) {
            self.folder = folder
            self.image = image
        }

        mutating func add(_ relativePath: String) throws {
            let path = folder + "/" + relativePath
            let directory = (path as NSString).deletingLastPathComponent
            if directory != lastDirectory {
                if mkdir(directory, 0o755) != 0, errno != EEXIST {
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                }
                lastDirectory = directory
            }
            if let source, count % CurrentOutputsStore.linksPerFile != 0 {
                guard link(source, path) == 0 else {
                    throw BenchmarkError("cannot link \(path): \(String(cString: strerror(errno)))")
                }
            } else {
                guard FileManager.default.createFile(atPath: path, contents: Data(image)) else {
                    throw BenchmarkError("cannot write \(path)")
                }
                source = path
            }
            count += 1
        }
    }
}
