/// Text with position markers (`1️⃣` … `9️⃣`) where a test expects something to point, as
/// swift-format's and swift-syntax's tests do: the markers are removed and their 1-based line
/// and column (in Unicode scalars, as libyaml counts) are kept.
public struct MarkedText: Sendable {
    public let text: String
    public let markers: [String: (line: Int, column: Int)]

    public init(_ marked: String) {
        let markerScalars = Set(
            "1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣9️⃣".unicodeScalars.filter { $0.properties.isASCIIHexDigit || ("1"..."9").contains($0) })
        var text = String.UnicodeScalarView()
        var markers: [String: (Int, Int)] = [:]
        var line = 1
        var column = 1
        var scalars = Array(marked.unicodeScalars)[...]
        while let scalar = scalars.first {
            // A keycap marker is digit, U+FE0F, U+20E3.
            if markerScalars.contains(scalar), scalars.count >= 3,
                scalars[scalars.startIndex + 1] == "\u{FE0F}", scalars[scalars.startIndex + 2] == "\u{20E3}"
            {
                markers[String(scalar)] = (line, column)
                scalars = scalars.dropFirst(3)
                continue
            }
            text.append(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            scalars = scalars.dropFirst()
        }
        self.text = String(text)
        self.markers = markers
    }

    public subscript(marker: String) -> (line: Int, column: Int) {
        markers[marker] ?? (0, 0)
    }
}
