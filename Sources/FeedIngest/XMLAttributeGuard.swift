#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Counts the attributes of each start tag in the bytes before libxml2 sees them, and refuses
/// an element with more than `limit`.
///
/// libxml2 (2.9, Debian's) checks each attribute of a start tag against every earlier one for
/// duplicates, quadratic in their number, and does so before any callback of ours runs, so the
/// cap must hold before the bytes reach the parser. Product feeds carry a few attributes per
/// element (namespace declarations, Atom's `rel`/`href`); the cap is far above that and bounds
/// the quadratic check to a small constant per element.
///
/// A small state machine over the markup, carried across chunks: text, start and end tags
/// (attribute values quoted with `"` or `'` may hold `>` and `=`), comments, CDATA sections,
/// processing instructions and declarations, whose contents are not attributes.
struct XMLAttributeGuard {
    static let limit = 256

    private enum State {
        case text
        /// After `<`.
        case open
        /// After `<!`, and after `<!-`.
        case bang, bangDash
        case comment(dashes: Int)
        case cdata(brackets: Int)
        case processingInstruction(question: Bool)
        /// A DOCTYPE or other `<!…>`: brackets for an internal subset, quotes for literals.
        case declaration(depth: Int, quote: UInt8?)
        case endTag
        case startTag(attributes: Int, quote: UInt8?)
    }

    private var state = State.text
    /// Lines before the current chunk, for the error's location.
    private var line = 1

    /// Throws at the first element over the limit, with its line (columns are bytes).
    mutating func check(_ bytes: UnsafeRawBufferPointer) throws(XMLSyntaxError) {
        var index = 0
        let count = bytes.count
        while index < count {
            // Most bytes are text, CDATA, comment or attribute-value content: jump to the one
            // byte that can end it (memchr) instead of stepping through them one by one.
            if let stop = Self.stopByte(in: state) {
                guard let next = Self.index(of: stop, in: bytes, from: index) else { break }
                index = next
            }
            let byte = bytes[index]
            switch state {
            case .text:
                if byte == UInt8(ascii: "<") { state = .open }
            case .open:
                switch byte {
                case UInt8(ascii: "!"): state = .bang
                case UInt8(ascii: "?"): state = .processingInstruction(question: false)
                case UInt8(ascii: "/"): state = .endTag
                case UInt8(ascii: ">"): state = .text
                default: state = .startTag(attributes: 0, quote: nil)
                }
            case .bang:
                switch byte {
                case UInt8(ascii: "-"): state = .bangDash
                case UInt8(ascii: "["): state = .cdata(brackets: 0)
                default: state = .declaration(depth: 0, quote: nil)
                }
            case .bangDash:
                state = byte == UInt8(ascii: "-") ? .comment(dashes: 0) : .declaration(depth: 0, quote: nil)
            case .comment(let dashes):
                if byte == UInt8(ascii: "-") {
                    state = .comment(dashes: dashes + 1)
                } else {
                    state = byte == UInt8(ascii: ">") && dashes >= 2 ? .text : .comment(dashes: 0)
                }
            case .cdata(let brackets):
                if byte == UInt8(ascii: "]") {
                    state = .cdata(brackets: brackets + 1)
                } else {
                    state = byte == UInt8(ascii: ">") && brackets >= 2 ? .text : .cdata(brackets: 0)
                }
            case .processingInstruction(let question):
                state =
                    byte == UInt8(ascii: ">") && question
                    ? .text : .processingInstruction(question: byte == UInt8(ascii: "?"))
            case .declaration(let depth, let quote):
                state = Self.declaration(after: byte, depth: depth, quote: quote)
            case .endTag:
                if byte == UInt8(ascii: ">") { state = .text }
            case .startTag(let attributes, let quote?):
                if byte == quote { state = .startTag(attributes: attributes, quote: nil) }
            case .startTag(var attributes, nil):
                // A tight loop over the tag's name and attribute names, the state kept in locals.
                while index < count {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: ">") {
                        state = .text
                        break
                    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                        state = .startTag(attributes: attributes, quote: byte)
                        break
                    } else if byte == UInt8(ascii: "=") {
                        guard attributes < Self.limit else { throw refusal(bytes, at: index) }
                        attributes += 1
                    }
                    index += 1
                }
                if index == count { state = .startTag(attributes: attributes, quote: nil) }
            }
            index += 1
        }
        line += Self.newlines(in: bytes)
    }

    /// The only byte that changes `state`, when there is one: everything before it is skipped.
    private static func stopByte(in state: State) -> UInt8? {
        switch state {
        case .text: UInt8(ascii: "<")
        case .comment(dashes: 0): UInt8(ascii: "-")
        case .cdata(brackets: 0): UInt8(ascii: "]")
        case .startTag(_, let quote?): quote
        case .endTag: UInt8(ascii: ">")
        default: nil
        }
    }

    private static func index(of byte: UInt8, in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress,
            let found = memchr(base + start, Int32(byte), bytes.count - start)
        else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    private static func declaration(after byte: UInt8, depth: Int, quote: UInt8?) -> State {
        if let quote { return .declaration(depth: depth, quote: byte == quote ? nil : quote) }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return .declaration(depth: depth, quote: byte)
        case UInt8(ascii: "["): return .declaration(depth: depth + 1, quote: nil)
        case UInt8(ascii: "]"): return .declaration(depth: max(0, depth - 1), quote: nil)
        case UInt8(ascii: ">") where depth == 0: return .text
        default: return .declaration(depth: depth, quote: nil)
        }
    }

    private func refusal(_ bytes: UnsafeRawBufferPointer, at index: Int) -> XMLSyntaxError {
        let before = UnsafeRawBufferPointer(rebasing: bytes[..<index])
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        return XMLSyntaxError(
            message: "an element has more than \(Self.limit) attributes; product feeds carry a few, "
                + "and the XML parser slows down quadratically with each one",
            line: line + Self.newlines(in: before), column: index - lineStart + 1)
    }

    /// A loop the optimiser vectorises: counting lines costs little next to parsing.
    private static func newlines(in bytes: UnsafeRawBufferPointer) -> Int {
        var total = 0
        for byte in bytes { total &+= byte == UInt8(ascii: "\n") ? 1 : 0 }
        return total
    }
}
