import Foundation

/// Output folders a spec may not name. A run writes `images/`, manifests and its database into
/// its output folder and, after a crash, removes its temporary files there: the filesystem
/// root, the user's home or a folder that holds the spec itself (`../../..`) is never meant.
public enum OutputFolderCheck {
    /// Why `folder` (absolute) cannot be an output folder for a spec in `specDirectory`; `nil`
    /// when it can.
    public static func problem(folder: String, specDirectory: String, home: String = NSHomeDirectory()) -> String? {
        let target = components(folder)
        if target.isEmpty { return "it is the filesystem root" }
        if !home.isEmpty, target == components(home) { return "it is your home folder" }
        let specFolder = components(specDirectory)
        if target.count < specFolder.count, Array(specFolder.prefix(target.count)) == target {
            return "it holds the spec file's folder"
        }
        return nil
    }

    /// The path's components after `.` and `..` are resolved: `/a/b/../c/` → `["a", "c"]`.
    private static func components(_ path: String) -> [String] {
        var result: [String] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." { _ = result.popLast() } else { result.append(String(part)) }
        }
        return result
    }
}
