/// One entry of one variant axis, e.g. `background: marble` with its own fields (`text`, …).
public struct VariantOption: Sendable, Hashable, Codable {
    public var axis: String
    public var id: String
    /// Fields the prompt can use as `{{axis.field}}`; always includes `id`.
    public var fields: [String: String]

    public init(axis: String, id: String, fields: [String: String]) {
        self.axis = axis
        self.id = id
        var fields = fields
        fields["id"] = id
        self.fields = fields
    }
}

/// One point of the cartesian product of a spec's variant axes: one option per axis, in the
/// spec's axis order. A job is one product × one variant.
public struct Variant: Sendable, Hashable, Codable {
    public var options: [VariantOption]

    public init(options: [VariantOption]) {
        self.options = options
    }

    /// A stable, human-readable identity such as `background=marble,season=winter`.
    public var id: String {
        options.map { "\($0.axis)=\($0.id)" }.joined(separator: ",")
    }

    public func option(forAxis axis: String) -> VariantOption? {
        options.first { $0.axis == axis }
    }

    /// The value of `{{axis.field}}`, or `nil` when the axis or field does not exist.
    public func templateValue(named name: String) -> String? {
        guard let dot = name.firstIndex(of: ".") else { return nil }
        let axis = String(name[..<dot])
        let field = String(name[name.index(after: dot)...])
        return option(forAxis: axis)?.fields[field]
    }
}
