/// Which version of what the manifest files show a store holds: its epoch (made once per
/// database, so a store replaced by `recover` or copied from elsewhere never matches) and a
/// counter that every change the manifest shows bumps in the change's own transaction
/// (migration 11's triggers: stored images, decisions, planned items, listings, folder id).
/// Equal generations mean equal manifest contents, read from one row.
public struct ManifestGeneration: Sendable, Hashable, Codable {
    public var storeEpoch: String
    public var value: Int64

    public init(storeEpoch: String, value: Int64) {
        self.storeEpoch = storeEpoch
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case storeEpoch = "store_epoch", value
    }
}
