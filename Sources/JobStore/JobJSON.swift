import CatalogModel
import Foundation

/// A job's JSON as the store keeps it: the whole job (its provenance, recorded with every stored
/// result) and the variant, references and settings the jobs table holds in columns of their
/// own. `Job`'s own `Codable` shape with sorted keys, so a job always gives the same text: the
/// text the hand-written writer before it stored, which `JobJSONTests` reads back.
enum JobJSON {
    static func text(for job: Job) throws -> String { try encoded(job) }

    static func references(_ references: [ReferenceImage]) throws -> String { try encoded(references) }

    static func settings(_ settings: ImageSettings) throws -> String { try encoded(settings) }

    static func variant(_ variant: Variant) throws -> String { try encoded(variant) }

    private static func encoded(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
