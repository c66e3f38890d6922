#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Creating the folders an output goes in, at the cost of one `mkdir` when they exist already
/// (every result after a product's first): `FileManager.createDirectory` looks at each
/// component of the path first, for every file.
enum Folders {
    struct Failure: Error {
        var reason: String
    }

    /// Makes `path` and any missing parents, like `mkdir -p`.
    static func ensure(_ path: String) throws(Failure) {
        guard !path.isEmpty, mkdir(path, 0o755) != 0 else { return }
        switch errno {
        case EEXIST:
            return
        case ENOENT:
            guard let slash = path.lastIndex(of: "/"), slash > path.startIndex else {
                throw Failure(reason: String(cString: strerror(ENOENT)))
            }
            try ensure(String(path[..<slash]))
            guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
                throw Failure(reason: String(cString: strerror(errno)))
            }
        default:
            throw Failure(reason: String(cString: strerror(errno)))
        }
    }
}
