/// Why an export could not be written at all (per-image problems are `ExportViolation`s, not
/// errors). Each message names the path and what to do; no half-written file is left in place.
public enum ExportError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotCreateDestination(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case archiveTooLarge(path: String)

    public var description: String {
        switch self {
        case .cannotCreateDestination(let path, let reason):
            "cannot create the export folder \(path): \(reason); choose a writable folder with --destination"
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason); check the export folder's permissions and free space"
        case .archiveTooLarge(let path):
            "cannot write \(path): a zip without ZIP64 holds at most 65,535 files and 4 GiB; "
                + "export fewer products at a time (--product)"
        }
    }
}
