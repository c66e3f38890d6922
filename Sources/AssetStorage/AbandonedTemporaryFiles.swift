import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The temporary files a killed process left behind. `AtomicFile` (and the export's archives)
/// write `<name>.tmp-<pid>-<random>` and rename it into place; a crash between the two leaves
/// the temporary file, a whole image's worth of disk, that no row refers to. A run that follows
/// a crashed or interrupted one removes those of the run before it.
public enum AbandonedTemporaryFiles {
    /// Removes every temporary file that process `writer` wrote, if it is no longer running, in
    /// `root` itself and in the folders the tool makes there (`toolFolders`), and returns the paths removed (relative to `root`). Only that pid: a review
    /// server or an export in another container (another pid namespace, where a liveness check
    /// means nothing) may be writing the manifest meanwhile.
    @discardableResult
    public static func remove(under root: String, writtenBy writer: Int32) -> [String] {
        guard writer > 0, !isRunning(writer) else { return [] }
        var removed: [String] = []
        // The folder's own files (manifests, report), not its other folders.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        where writerPID(of: name) == writer {
            if unlink(root + "/" + name) == 0 { removed.append(name) }
        }
        for folder in toolFolders {
            guard let walker = FileManager.default.enumerator(atPath: root + "/" + folder) else { continue }
            while let inside = walker.nextObject() as? String {
                let relative = folder + "/" + inside
                guard writerPID(of: relative) == writer else { continue }
                if unlink(root + "/" + relative) == 0 { removed.append(relative) }
            }
        }
        return removed
    }

    /// The folders the tool itself creates in an output folder, the only ones walked: whatever
    /// else the folder holds (it may be a mistake such as `/` or a home folder) is not ours.
    static let toolFolders = ["images", "references", "exports"]

    /// The pid in a name `….tmp-<pid>-<digits>`, or nil for any other name.
    static func writerPID(of path: String) -> pid_t? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let marker = name.range(of: ".tmp-", options: .backwards), marker.lowerBound > name.startIndex else {
            return nil
        }
        let parts = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2,
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            UInt32(parts[1]) != nil, let pid = pid_t(parts[0]), pid > 0
        else { return nil }
        return pid
    }

    private static func isRunning(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
