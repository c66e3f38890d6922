import ArgumentParser
import ImageService

/// Where one of our servers (the review page, the simulator) listens. Both serve things that
/// must not reach the network by accident, the catalogue and its decisions, or an API that
/// accepts any key, so anything but a loopback address needs `--allow-remote`.
enum ListenAddress {
    /// Throws unless `host` is loopback or the user said `--allow-remote`; `what` names the
    /// server and what it would expose.
    static func check(_ host: String, allowRemote: Bool, exposing what: String) throws(ValidationError) {
        guard !HTTPOrigin.isLoopback(host: host), !allowRemote else { return }
        throw ValidationError(
            "--host \(host) lets other machines reach \(what); add --allow-remote if that is what you want")
    }
}
