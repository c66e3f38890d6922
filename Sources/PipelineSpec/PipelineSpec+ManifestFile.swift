import Foundation

extension PipelineSpec {
    /// The spec file as the manifest names it: its path from the output folder, where the
    /// manifest is. The path given on the command line depends on the directory the command ran
    /// in; this does not, so a nightly job naming the spec by an absolute path and a person
    /// naming it from its folder write the same manifest, and a run that changed nothing leaves
    /// the files as they are.
    public var fileFromOutputFolder: String {
        let spec = URL(fileURLWithPath: file).standardizedFileURL.pathComponents
        let folder = URL(fileURLWithPath: output.folder).standardizedFileURL.pathComponents
        var shared = 0
        while shared < min(spec.count, folder.count), spec[shared] == folder[shared] { shared += 1 }
        let up = Array(repeating: "..", count: folder.count - shared)
        return (up + spec[shared...]).joined(separator: "/")
    }
}
