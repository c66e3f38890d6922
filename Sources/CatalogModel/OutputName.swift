/// What names a job's image file: its key and, when the spec sets `output.file_name`, the name
/// rendered for it (`Job.fileName`). A plan checks the paths of two million jobs for collisions
/// before anything is paid, and these two values are all that decides one
/// (`OutputPathCollision.Paths`): the job need not be made in full for it.
public struct OutputName: Sendable, Hashable {
    public var key: JobKey
    public var fileName: String?

    public init(key: JobKey, fileName: String? = nil) {
        self.key = key
        self.fileName = fileName
    }
}

extension Job {
    public var outputName: OutputName { OutputName(key: key, fileName: fileName) }
}
