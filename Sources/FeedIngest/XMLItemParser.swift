import CLibXML2

/// Which element repeats once per product.
struct XMLItemElement: Sendable, Equatable {
    /// Any of these local names (RSS 1.0 feeds use `item`; Google's RSS 1.0 example uses `product`).
    var names: [String]
    /// `nil` matches the name in any namespace.
    var namespace: String?

    init(name: String, namespace: String? = nil) {
        self.init(names: [name], namespace: namespace)
    }

    init(names: [String], namespace: String? = nil) {
        self.names = names
        self.namespace = namespace
    }
}

/// A streaming XML parser over libxml2's SAX2 push interface: fed chunks of any size, it hands
/// out each item's direct child elements as an `XMLRecord` as soon as the item closes.
///
/// Hardened for hostile feeds: no network (`XML_PARSE_NONET`), and any DOCTYPE is refused, so
/// external DTDs, external entities (XXE) and entity expansion (billion laughs) never happen.
/// Only the five predefined entities and character references are decoded. An element with
/// more attributes than `XMLAttributeGuard.limit` is refused before libxml2 parses it.
final class XMLItemParser {
    /// Decides the item element once the root element is known.
    typealias ItemResolver = (_ rootName: String, _ rootNamespace: String?) throws -> XMLItemElement

    private var context: xmlParserCtxtPtr?
    /// The callbacks' user data: a pointer, so they mutate it in place without the runtime's
    /// exclusivity checks on class properties, which would run on every callback.
    private let state: UnsafeMutablePointer<XMLParseState>
    private let documentName: String
    private var attributeGuard = XMLAttributeGuard()

    /// The names of the fields in the records handed out.
    var names: XMLNameTable { state.pointee.names }

    init(documentName: String, resolveItem: @escaping ItemResolver) {
        self.documentName = documentName
        state = .allocate(capacity: 1)
        state.initialize(to: XMLParseState(resolveItem: resolveItem))
    }

    deinit {
        if let context {
            if let document = context.pointee.myDoc { xmlFreeDoc(document) }
            xmlFreeParserCtxt(context)
        }
        state.deinitialize(count: 1)
        state.deallocate()
    }

    func consume(_ bytes: UnsafeRawBufferPointer, emit: (XMLRecord) throws -> Void) throws {
        guard !bytes.isEmpty else { return }
        try attributeGuard.check(bytes)
        let chunk = bytes.bindMemory(to: CChar.self)
        if context == nil {
            try start()
        }
        try feed(chunk.baseAddress, Int32(chunk.count), terminate: false)
        try drain(emit)
    }

    func finish(emit: (XMLRecord) throws -> Void) throws {
        if context == nil { try start() }
        try feed(nil, 0, terminate: true)
        try drain(emit)
        if !state.pointee.sawRoot {
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
        let userData = UnsafeMutableRawPointer(state)
        guard let created = xmlCreatePushParserCtxt(&handler, userData, nil, 0, documentName) else {
            throw XMLSyntaxError(message: "libxml2 could not create a parser", line: 1, column: 1)
        }
        xmlCtxtUseOptions(
            created, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
        context = created
        state.pointee.context = created
    }

    private func feed(_ pointer: UnsafePointer<CChar>?, _ count: Int32, terminate: Bool) throws {
        guard let context else { return }
        let status = xmlParseChunk(context, pointer, count, terminate ? 1 : 0)
        if let refusal = state.pointee.refusal { throw refusal }
        if status != 0 || context.pointee.wellFormed == 0 {
            throw Self.lastError(of: context)
        }
    }

    private func drain(_ emit: (XMLRecord) throws -> Void) throws {
        guard !state.pointee.completed.isEmpty else { return }
        let records = state.pointee.completed
        state.pointee.completed.removeAll()
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
