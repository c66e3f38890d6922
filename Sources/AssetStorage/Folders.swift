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

    /// Makes `path` and any missing parents, like `mkdir -p`, and returns the folders it made,
    /// outermost first: their entries are durable only once their parents are fsynced.
    @discardableResult
    static func ensure(_ path: String) throws(Failure) -> [String] {
        guard !path.isEmpty else { return [] }
        guard mkdir(path, 0o755) != 0 else { return [path] }
        switch errno {
        case EEXIST:
            return []
        case ENOENT:
            guard let slash = path.lastIndex(of: "/"), slash > path.startIndex else {
                throw Failure(reason: String(cString: strerror(ENOENT)))
            }
            let made = try ensure(String(path[..<slash]))
            if mkdir(path, 0o755) == 0 { return made + [path] }
            guard errno == EEXIST else { throw Failure(reason: String(cString: strerror(errno))) }
            return made
        default:
            throw Failure(reason: String(cString: strerror(errno)))
        }
    }
}
