/// The references a manifest write has copied into the output folder, by their location, so an
/// image every product shares is read and hashed once. Bounded: a catalogue whose products each
/// have their own reference would otherwise keep one entry per product for the whole write;
/// when full it starts again (a reference seen again is copied again, which compares its bytes
/// and writes nothing).
struct ReferenceCopies {
    static let limit = 4096

    private var copies: [String: Manifest.Reference] = [:]

    subscript(location: String) -> Manifest.Reference? {
        get { copies[location] }
        set {
            if copies.count >= Self.limit { copies.removeAll(keepingCapacity: true) }
            copies[location] = newValue
        }
    }
}
