import CLibXML2

/// Which element repeats once per product.
public struct XMLItemElement: Sendable, Equatable {
    public var name: String
    /// `nil` matches the name in any namespace.
    public var namespace: String?

    public init(name: String, namespace: String? = nil) {
        self.name = name
        self.namespace = namespace
    }
}

/// A streaming XML parser over libxml2's SAX2 push interface: fed chunks of any size, it hands
/// out each item's direct child elements as an `XMLRecord` as soon as the item closes.
///
/// Hardened for hostile feeds: no network (`XML_PARSE_NONET`), and any DOCTYPE is refused, so
/// external DTDs, external entities (XXE) and entity expansion (billion laughs) never happen.
/// Only the five predefined entities and character references are decoded.
public final class XMLItemParser {
    /// Decides the item element once the root element is known.
    public typealias ItemResolver = (_ rootName: String, _ rootNamespace: String?) throws -> XMLItemElement

    private var context: xmlParserCtxtPtr?
    fileprivate let state: XMLParseState
    private var started = false
    private let documentName: String

    public init(documentName: String, resolveItem: @escaping ItemResolver) {
        self.documentName = documentName
        self.state = XMLParseState(resolveItem: resolveItem)
    }

    deinit {
        if let context {
            if let document = context.pointee.myDoc { xmlFreeDoc(document) }
            xmlFreeParserCtxt(context)
        }
    }

    public func consume(_ bytes: UnsafeRawBufferPointer, emit: (XMLRecord) throws -> Void) throws {
        guard !bytes.isEmpty else { return }
        let chunk = bytes.bindMemory(to: CChar.self)
        if context == nil {
            try start()
        }
        try feed(chunk.baseAddress, Int32(chunk.count), terminate: false)
        try drain(emit)
    }

    public func finish(emit: (XMLRecord) throws -> Void) throws {
        if context == nil { try start() }
        try feed(nil, 0, terminate: true)
        try drain(emit)
        if !state.sawRoot {
            throw XMLSyntaxError(message: "the document has no root element", line: 1, column: 1)
        }
    }

    private func start() throws {
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = onStartElement
        handler.endElementNs = onEndElement
        handler.characters = onCharacters
        handler.cdataBlock = onCharacters
        handler.internalSubset = onDoctype
        handler.getEntity = onGetEntity
        handler.serror = nil
        let userData = Unmanaged.passUnretained(state).toOpaque()
        guard let created = xmlCreatePushParserCtxt(&handler, userData, nil, 0, documentName) else {
            throw XMLSyntaxError(message: "libxml2 could not create a parser", line: 1, column: 1)
        }
        xmlCtxtUseOptions(
            created, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
        context = created
        state.context = created
    }

    private func feed(_ pointer: UnsafePointer<CChar>?, _ count: Int32, terminate: Bool) throws {
        guard let context else { return }
        let status = xmlParseChunk(context, pointer, count, terminate ? 1 : 0)
        if let refusal = state.refusal { throw refusal }
        if status != 0 || context.pointee.wellFormed == 0 {
            throw Self.lastError(of: context)
        }
    }

    private func drain(_ emit: (XMLRecord) throws -> Void) throws {
        let records = state.completed
        state.completed.removeAll(keepingCapacity: true)
        for record in records { try emit(record) }
    }

    private static func lastError(of context: xmlParserCtxtPtr) -> XMLSyntaxError {
        guard let error = xmlCtxtGetLastError(context) else {
            return XMLSyntaxError(message: "the document is not well-formed XML", line: 0, column: 0)
        }
        let message = error.pointee.message.map { String(cString: $0) } ?? "not well-formed"
        return XMLSyntaxError(
            message: String(message.reversed().drop(while: \.isWhitespace).reversed()), line: Int(error.pointee.line),
            column: Int(error.pointee.int2))
    }
}

/// What the SAX callbacks build up; the parser's user data.
final class XMLParseState {
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
    var fieldOpen: (namespace: String?, prefix: String?, name: String, href: String?)?
    var text: [UInt8] = []
    var completed: [XMLRecord] = []
    var refusal: (any Error)?
    /// libxml2 interns element names and namespace URIs in its dictionary, so one pointer is
    /// one string for the whole parse: convert each once.
    var internedStrings: [UnsafePointer<xmlChar>: String] = [:]
    static let maxFieldBytes = 16 << 20

    func interned(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        if let known = internedStrings[pointer] { return known }
        let value = String(cString: pointer)
        if internedStrings.count < 4096 { internedStrings[pointer] = value }
        return value
    }

    init(resolveItem: @escaping XMLItemParser.ItemResolver) {
        self.resolveItem = resolveItem
    }

    var currentLine: Int { context.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) } ?? 0 }

    func refuse(_ error: any Error) {
        guard refusal == nil else { return }
        refusal = error
        if let context { xmlStopParser(context) }
    }
}

private func state(_ context: UnsafeMutableRawPointer?) -> XMLParseState? {
    guard let context else { return nil }
    return Unmanaged<XMLParseState>.fromOpaque(context).takeUnretainedValue()
}

private func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
    pointer.map { String(cString: $0) }
}

private let onStartElement: startElementNsSAX2Func = {
    context, localName, prefix, uri, _, _, attributeCount, _, attributes in
    guard let state = state(context), let name = state.interned(localName) else { return }
    let namespace = state.interned(uri)
    state.depth += 1
    if !state.sawRoot {
        state.sawRoot = true
        do {
            state.item = try state.resolveItem(name, namespace)
        } catch {
            state.refuse(error)
        }
        return
    }
    guard let item = state.item else { return }
    if let itemDepth = state.itemDepth {
        guard state.depth == itemDepth + 1 else { return }
        // Atom's <link href="…"/> carries its value in an attribute.
        var href: String?
        if let attributes, attributeCount > 0 {
            for index in 0..<Int(attributeCount) {
                let base = index * 5
                guard string(attributes[base]) == "href", let start = attributes[base + 3],
                    let end = attributes[base + 4]
                else { continue }
                href = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
            }
        }
        state.fieldOpen = (namespace, state.interned(prefix), name, href)
        state.text.removeAll(keepingCapacity: true)
    } else if name == item.name && (item.namespace == nil || item.namespace == namespace) {
        state.itemDepth = state.depth
        state.itemLine = state.currentLine
        state.itemCount += 1
        state.fields.removeAll(keepingCapacity: true)
    }
}

private let onEndElement: endElementNsSAX2Func = { context, _, _, _ in
    guard let state = state(context) else { return }
    defer { state.depth -= 1 }
    guard let itemDepth = state.itemDepth else { return }
    if state.depth == itemDepth + 1, let open = state.fieldOpen {
        var value = String(decoding: state.text, as: UTF8.self)
        if value.isEmpty, let href = open.href { value = href }
        state.fields.append(XMLField(namespace: open.namespace, prefix: open.prefix, name: open.name, value: value))
        state.fieldOpen = nil
    } else if state.depth == itemDepth {
        state.completed.append(XMLRecord(fields: state.fields, line: state.itemLine, index: state.itemCount))
        state.itemDepth = nil
    }
}

private let onCharacters: charactersSAXFunc = { context, characters, length in
    guard let state = state(context), let characters, state.fieldOpen != nil,
        let itemDepth = state.itemDepth, state.depth == itemDepth + 1
    else { return }
    guard state.text.count + Int(length) <= XMLParseState.maxFieldBytes else {
        state.refuse(
            XMLSyntaxError(
                message: "an element's text is larger than \(XMLParseState.maxFieldBytes >> 20) MB",
                line: state.currentLine, column: 0))
        return
    }
    state.text.append(contentsOf: UnsafeBufferPointer(start: characters, count: Int(length)))
}

private let onDoctype: internalSubsetSAXFunc = { context, _, _, _ in
    guard let state = state(context) else { return }
    state.refuse(
        XMLSyntaxError(
            message:
                "the feed declares a DOCTYPE; DTDs and custom entities are refused (they enable XXE and entity-expansion attacks)",
            line: state.currentLine, column: 1))
}

private let onGetEntity: getEntitySAXFunc = { _, name in
    // Only &lt; &gt; &amp; &quot; &apos;: nothing declared by the document is ever expanded.
    xmlGetPredefinedEntity(name)
}
