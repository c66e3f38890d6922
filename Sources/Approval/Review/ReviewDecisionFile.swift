import CatalogModel
import Foundation
import JobStore

/// Review decisions as JSON: the body the review page posts to the server, the file it
/// downloads when opened from disk, and what `approve --from` imports, so decisions made
/// anywhere land the same way.
///
/// ```json
/// {"decisions": [{"product_id": "SKU-1", "variant_id": "background=marble", "state": "approved",
///                 "note": "crisp", "sha256": "…", "reviewer": "ana"}]}
/// ```
/// `state` is `approved`, `rejected` or `pending` (a reset); `note`, `sha256` (the image the
/// reviewer saw: a decision on an image since replaced is skipped) and `reviewer` are optional.
public struct ReviewDecisionFile: Sendable, Codable, Equatable {
    public struct Entry: Sendable, Codable, Equatable {
        public var productID: String
        public var variantID: String
        public var state: String
        public var note: String?
        public var sha256: String?
        public var reviewer: String?

        public init(
            productID: String, variantID: String, state: String, note: String? = nil, sha256: String? = nil,
            reviewer: String? = nil
        ) {
            self.productID = productID
            self.variantID = variantID
            self.state = state
            self.note = note
            self.sha256 = sha256
            self.reviewer = reviewer
        }

        enum CodingKeys: String, CodingKey {
            case productID = "product_id", variantID = "variant_id", state, note, sha256, reviewer
        }
    }

    public var decisions: [Entry]

    public init(decisions: [Entry]) {
        self.decisions = decisions
    }

    /// Reads the JSON; the error says what is wrong and where.
    public static func decode(_ bytes: [UInt8], source: String) throws(ReviewInputError) -> ReviewDecisionFile {
        do {
            return try JSONDecoder().decode(ReviewDecisionFile.self, from: Data(bytes))
        } catch let DecodingError.keyNotFound(key, context) {
            throw ReviewInputError("\(source): \(Self.path(context))`\(key.stringValue)` is missing")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw ReviewInputError("\(source): \(Self.path(context))\(context.debugDescription)")
        } catch {
            throw ReviewInputError(
                "\(source): not a decisions file (expected {\"decisions\": [{\"product_id\", \"variant_id\", \"state\"}]})"
            )
        }
    }

    /// Where decisions come from, which decides what an entry may claim.
    public enum Source: Sendable {
        /// A file imported by someone at the command line: an entry may name its reviewer, and
        /// one without `sha256` applies to the current image.
        case file
        /// The review page: the session's reviewer is the reviewer, and every entry names the
        /// image it was made on.
        case reviewPage
    }

    /// The decisions to record; `reviewer` is used where an entry names none (always, for the
    /// review page).
    public func reviewDecisions(reviewer: String, source: Source = .file) throws(ReviewInputError) -> [ReviewDecision] {
        var result: [ReviewDecision] = []
        for (index, entry) in decisions.enumerated() {
            guard let state = ReviewState(rawValue: entry.state) else {
                throw ReviewInputError(
                    "decision \(index + 1) (\(entry.productID)): state `\(entry.state)` is not approved, rejected or pending"
                )
            }
            if source == .reviewPage && entry.sha256 == nil {
                throw ReviewInputError(
                    "decision \(index + 1) (\(entry.productID)): `sha256` of the image decided on is missing")
            }
            let note = entry.note?.trimmingSurroundingWhitespace()
            result.append(
                ReviewDecision(
                    key: JobKey(productID: entry.productID, variantID: entry.variantID), state: state,
                    reviewer: source == .file ? entry.reviewer ?? reviewer : reviewer,
                    note: note?.isEmpty == false ? note : nil,
                    sha256: entry.sha256))
        }
        return result
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return path.isEmpty ? "" : "at \(path): "
    }
}

/// Review input that cannot be used, with what is wrong.
public struct ReviewInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
