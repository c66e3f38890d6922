extension JobKey {
    /// What every `storageKey` of the product's jobs starts with, up to the `|`: the product's
    /// key in the store's `current_products`, which its triggers cut from a job key.
    public static func productStorageKey(productID: String) -> String {
        String(productID.utf8.count) + ":" + productID
    }

    /// The product id of a `storageKey` (`<utf-8 length>:<product id>|<variant id>`), read by its
    /// length prefix; `nil` for a string that is not one.
    public static func productID(fromStorageKey key: String) -> String? {
        let utf8 = key.utf8
        guard let colon = utf8.firstIndex(of: UInt8(ascii: ":")),
            let length = Int(Substring(key.utf8[..<colon])), length >= 0
        else { return nil }
        let start = utf8.index(after: colon)
        guard utf8.distance(from: start, to: utf8.endIndex) > length else { return nil }
        let end = utf8.index(start, offsetBy: length)
        guard utf8[end] == UInt8(ascii: "|") else { return nil }
        return String(key.utf8[start..<end])
    }
}
