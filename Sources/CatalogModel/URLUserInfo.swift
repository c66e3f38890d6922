/// The user information of a URL (`user:password@` before the host). URLs a server gives us
/// (result links, uploaded files) are stored and printed without it: credentials in a URL are
/// a secret like any other, and our transport never sends them anyway (`HTTPOrigin` refuses a
/// URL that carries them).
public enum URLUserInfo {
    /// `http://user:KEY@host/x` → `http://host/x`; any other text unchanged.
    public static func removed(from url: String) -> String {
        let bytes = Array(url.utf8)
        guard let schemeEnd = schemeEnd(of: bytes) else { return url }
        let authorityEnd =
            bytes[schemeEnd...].firstIndex {
                $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#")
            } ?? bytes.endIndex
        guard let at = bytes[schemeEnd..<authorityEnd].lastIndex(of: UInt8(ascii: "@")) else { return url }
        return String(decoding: bytes[..<schemeEnd] + bytes[(at + 1)...], as: UTF8.self)
    }

    /// Where the authority starts: after `scheme://`, the scheme being letters, digits, `+-.`.
    private static func schemeEnd(of bytes: [UInt8]) -> Int? {
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0,
            bytes[..<colon].allSatisfy({ isSchemeByte($0) }),
            bytes.count >= colon + 3, bytes[colon + 1] == UInt8(ascii: "/"), bytes[colon + 2] == UInt8(ascii: "/")
        else { return nil }
        return colon + 3
    }

    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            true
        default: false
        }
    }
}
