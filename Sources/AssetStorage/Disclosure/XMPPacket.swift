import Foundation

/// An XMP packet as text: a new one holding only our description, or one the API wrote with
/// ours merged in (XMP allows several `rdf:Description` elements about the same resource), so
/// metadata the file already carries is kept.
enum XMPPacket {
    /// How our own description starts: `rdf:about=""` and our namespace first.
    static let ownDescriptionPrefix =
        "<rdf:Description rdf:about=\"\" xmlns:catalogrefresh=\"\(AIDisclosure.namespace)\""

    /// A whole packet with `disclosure` alone.
    static func new(_ disclosure: AIDisclosure) -> String {
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
            + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
            + " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n  "
            + disclosure.description
            + "\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>"
    }

    /// `existing` with our description in it (replacing one an earlier tagging left), or `nil`
    /// when it has no `</rdf:RDF>` to put it before: then it cannot be merged honestly.
    static func merging(_ disclosure: AIDisclosure, into existing: String) -> String? {
        var packet = existing
        if let start = packet.range(of: ownDescriptionPrefix),
            let end = packet.range(of: "/>", range: start.upperBound..<packet.endIndex)
        {
            packet.removeSubrange(start.lowerBound..<end.upperBound)
        }
        guard let close = packet.range(of: "</rdf:RDF>", options: .backwards) else { return nil }
        packet.insert(contentsOf: disclosure.description + "\n ", at: close.lowerBound)
        return packet
    }

    /// Text safe inside a double-quoted XML attribute; control characters (which XML 1.0 cannot
    /// carry) as numeric references where allowed, else left out.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out += "&#\(scalar.value);"
            case _ where scalar.value < 0x20: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
