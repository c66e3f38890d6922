import ArgumentParser

/// Where one of our servers (the review page, the simulator) listens. Both serve things that
/// must not reach the network by accident, the catalogue and its decisions, or an API that
/// accepts any key, so anything but a loopback address needs `--allow-remote`.
enum ListenAddress {
    /// `localhost`, `::1` (bracketed or not) and the whole 127.0.0.0/8 block.
    static func isLoopback(_ host: String) -> Bool {
        if ["localhost", "::1", "[::1]"].contains(host.lowercased()) { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber)
                && (Int(part) ?? 256) <= 255
        }
    }

    /// Throws unless `host` is loopback or the user said `--allow-remote`; `what` names the
    /// server and what it would expose.
    static func check(_ host: String, allowRemote: Bool, exposing what: String) throws(ValidationError) {
        guard !isLoopback(host), !allowRemote else { return }
        throw ValidationError(
            "--host \(host) lets other machines reach \(what); add --allow-remote if that is what you want")
    }
}
