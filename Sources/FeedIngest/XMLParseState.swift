import CLibXML2
import CatalogModel

/// What the SAX callbacks build up between two chunks: where the parse is relative to the item
/// element, the open field's text, and the items completed so far.
struct XMLParseState {
    static let maxFieldBytes = 16 << 20

    let resolveItem: XMLItemParser.ItemResolver
    var context: xmlParserCtxtPtr?
    var item: XMLItemElement?
    var sawRoot = false
    var depth = 0
    /// Depth of the open item element, if inside one.
    var itemDepth: Int?
    var itemLine = 0
    var itemCount = 0
    var fields: [XMLField] = []
    /// The name id of the open direct child of the item, and its `href` attribute (Atom links).
    var openField: Int?
    var openHref: String?
    var text: [UInt8] = []
    var completed: [XMLRecord] = []
    var refusal: (any Error)?
    var names = XMLNameTable()

    init(resolveItem: @escaping XMLItemParser.ItemResolver) {
        self.resolveItem = resolveItem
    }

    var currentLine: Int { context.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) } ?? 0 }

    mutating func refuse(_ error: any Error) {
        guard refusal == nil else { return }
        refusal = error
        if let context { xmlStopParser(context) }
    }

    mutating func startElement(
        local: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?,
        attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, attributeCount: Int
    ) {
        depth += 1
        if !sawRoot {
            sawRoot = true
            do {
                item = try resolveItem(String(cString: local), uri.map { String(cString: $0) })
            } catch {
                refuse(error)
            }
            return
        }
        guard let item else { return }
        if let itemDepth {
            guard depth == itemDepth + 1 else { return }
            guard let id = names.id(local: local, prefix: prefix, uri: uri) else {
                return refuse(
                    XMLSyntaxError(
                        message: "items use more than \(XMLNameTable.limit) distinct element names; "
                            + "check feed.item_element names the element that repeats per product",
                        line: currentLine, column: 0))
            }
            openField = id
            openHref = Self.href(in: attributes, count: attributeCount)
            text.removeAll(keepingCapacity: true)
        } else if Self.matches(item, local: local, uri: uri) {
            itemDepth = depth
            itemLine = currentLine
            itemCount += 1
            fields.removeAll(keepingCapacity: true)
        }
    }

    mutating func endElement() {
        defer { depth -= 1 }
        guard let itemDepth else { return }
        if depth == itemDepth + 1, let name = openField {
            var value = text.withUnsafeBufferPointer { String(trimming: $0) }
            if value.isEmpty, let href = openHref { value = href }
            fields.append(XMLField(name: name, value: value))
            openField = nil
            openHref = nil
        } else if depth == itemDepth {
            completed.append(XMLRecord(fields: fields, line: itemLine, index: itemCount))
            self.itemDepth = nil
        }
    }

    mutating func characters(_ characters: UnsafePointer<xmlChar>, count: Int) {
        guard openField != nil, let itemDepth, depth == itemDepth + 1 else { return }
        guard text.count + count <= Self.maxFieldBytes else {
            return refuse(
                XMLSyntaxError(
                    message: "an element's text is larger than \(Self.maxFieldBytes >> 20) MB",
                    line: currentLine, column: 0))
        }
        text.append(contentsOf: UnsafeBufferPointer(start: characters, count: count))
    }

    private static func matches(
        _ item: XMLItemElement, local: UnsafePointer<xmlChar>, uri: UnsafePointer<xmlChar>?
    ) -> Bool {
        guard item.names.contains(where: { equals(local, $0) }) else { return false }
        guard let namespace = item.namespace else { return true }
        return uri.map { equals($0, namespace) } ?? false
    }

    private static func equals(_ pointer: UnsafePointer<xmlChar>, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            // Stops at the first difference, the terminating NUL included.
            for index in 0..<utf8.count where pointer[index] != utf8[index] { return false }
            return pointer[utf8.count] == 0
        }
    }

    /// Atom's `<link href="…"/>` carries its value in an attribute. Only the entry's own page
    /// counts: a link with no `rel` or `rel="alternate"` (RFC 4287 §4.2.7.2, Atom 0.3 likewise);
    /// `self`, `enclosure`, `related` and the like are not the product's page. SAX2 hands
    /// attributes as five pointers each: local name, prefix, URI, value start, value end.
    static func href(in attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int) -> String? {
        guard let attributes, count > 0 else { return nil }
        var href: String?
        var rel: String?
        for index in 0..<count {
            let base = index * 5
            // Namespaced attributes (`xml:base`, `rdf:about`) are not Atom's.
            guard let name = attributes[base], attributes[base + 2] == nil, let start = attributes[base + 3],
                let end = attributes[base + 4]
            else { continue }
            if equals(name, "href") {
                href = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
            } else if equals(name, "rel") {
                rel = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
            }
        }
        guard rel == nil || rel == "alternate" else { return nil }
        return href
    }
}

private func state(_ context: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<XMLParseState>? {
    context?.assumingMemoryBound(to: XMLParseState.self)
}

let onStartElement: startElementNsSAX2Func = { context, local, prefix, uri, _, _, attributeCount, _, attributes in
    guard let state = state(context), let local else { return }
    state.pointee.startElement(
        local: local, prefix: prefix, uri: uri, attributes: attributes, attributeCount: Int(attributeCount))
}

let onEndElement: endElementNsSAX2Func = { context, _, _, _ in
    state(context)?.pointee.endElement()
}

let onCharacters: charactersSAXFunc = { context, characters, length in
    guard let characters else { return }
    state(context)?.pointee.characters(characters, count: Int(length))
}

let onDoctype: internalSubsetSAXFunc = { context, _, _, _ in
    guard let state = state(context) else { return }
    state.pointee.refuse(
        XMLSyntaxError(
            message:
                "the feed declares a DOCTYPE; DTDs and custom entities are refused (they enable XXE and entity-expansion attacks)",
            line: state.pointee.currentLine, column: 1))
}

let onGetEntity: getEntitySAXFunc = { _, name in
    // Only &lt; &gt; &amp; &quot; &apos;: nothing declared by the document is ever expanded.
    xmlGetPredefinedEntity(name)
}
