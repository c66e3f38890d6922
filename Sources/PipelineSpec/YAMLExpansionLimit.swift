import CYaml

/// Caps how large a YAML document may become once its aliases are expanded. An alias repeats
/// the node its anchor names, so ten aliases of ten aliases of … (a "billion laughs" in 810
/// bytes) make a tree of a billion nodes, which no validation should walk. The count is
/// taken from libyaml's events before anything is composed, in one pass over the text: each
/// anchor's expanded size is known when its node ends, and an alias adds it.
enum YAMLExpansionLimit {
    /// Nodes (scalars, lists, mappings) the whole document may hold after expansion: a spec with
    /// thousands of variant entries stays far below it.
    static let maxNodes = 100_000

    /// Where the count passed `maxNodes`, 1-based.
    struct Exceeded: Error, Equatable {
        var line: Int
        var column: Int
    }

    /// Throws at the node or alias that takes the document past `maxNodes`. A syntax error stops
    /// the count quietly: composing the document reports it with its position.
    static func check(_ yaml: String) throws(Exceeded) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        var text = yaml
        let failure: Exceeded? = text.withUTF8 { bytes in
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
            var counter = Counter()
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return nil }
                counter.count(event)
                if counter.total > maxNodes {
                    return Exceeded(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                }
            }
        }
        if let failure { throw failure }
    }

    /// The running count, and the expanded size of every anchor seen.
    private struct Counter {
        var total = 0
        private var anchorSizes: [String: Int] = [:]
        /// Open lists and mappings: their anchor and the count before them.
        private var open: [(anchor: String?, before: Int)] = []

        mutating func count(_ event: yaml_event_t) {
            switch event.type {
            case YAML_SCALAR_EVENT:
                total += 1
                if let anchor = name(event.data.scalar.anchor) { anchorSizes[anchor] = 1 }
            case YAML_SEQUENCE_START_EVENT:
                open.append((name(event.data.sequence_start.anchor), total))
                total += 1
            case YAML_MAPPING_START_EVENT:
                open.append((name(event.data.mapping_start.anchor), total))
                total += 1
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let node = open.popLast() else { return }
                if let anchor = node.anchor { anchorSizes[anchor] = total - node.before }
            case YAML_ALIAS_EVENT:
                // Never past the cap, so the sum cannot overflow; an undefined alias counts 0
                // (composing reports it).
                let size = name(event.data.alias.anchor).flatMap { anchorSizes[$0] } ?? 0
                total = min(total + size, YAMLExpansionLimit.maxNodes + 1)
            default:
                return
            }
        }

        private func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            anchor.map { String(cString: $0) }
        }
    }
}
