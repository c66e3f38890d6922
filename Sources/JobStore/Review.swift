import CatalogModel
import Foundation

/// Where a generated image stands with its reviewers.
public enum ReviewState: String, Sendable, Codable, CaseIterable {
    case pending, approved, rejected
}

/// The current decision on one image.
public struct Review: Sendable, Equatable {
    public var state: ReviewState
    public var reviewer: String
    public var note: String?
    public var reviewedAt: Date
    /// The image decided on.
    public var sha256: String

    public init(state: ReviewState, reviewer: String, note: String?, reviewedAt: Date, sha256: String) {
        self.state = state
        self.reviewer = reviewer
        self.note = note
        self.reviewedAt = reviewedAt
        self.sha256 = sha256
    }
}

/// One decision to record: `pending` resets the item.
public struct ReviewDecision: Sendable, Equatable {
    public var key: JobKey
    public var state: ReviewState
    public var reviewer: String
    public var note: String?
    /// The image the reviewer saw, when known: a decision on an image that has since been
    /// regenerated is not applied to the new one.
    public var sha256: String?

    public init(key: JobKey, state: ReviewState, reviewer: String, note: String? = nil, sha256: String? = nil) {
        self.key = key
        self.state = state
        self.reviewer = reviewer
        self.note = note
        self.sha256 = sha256
    }
}

/// What recording a batch of decisions did.
public struct ReviewOutcome: Sendable, Equatable {
    public var applied: [JobKey] = []
    /// Decisions made on an image that has been replaced since.
    public var stale: [JobKey] = []

    public init(applied: [JobKey] = [], stale: [JobKey] = []) {
        self.applied = applied
        self.stale = stale
    }
}

/// Decisions naming items that have no image: nothing of the batch was recorded.
public struct UnknownReviewItems: Error, Sendable, Equatable, CustomStringConvertible {
    public var keys: [JobKey]

    public init(keys: [JobKey]) {
        self.keys = keys
    }

    public var description: String {
        "no generated image for \(keys.prefix(5).map(\.description).joined(separator: ", "))"
            + (keys.count > 5 ? " and \(keys.count - 5) more" : "")
            + "; nothing was recorded (see `catalog-refresh status` for what has been generated)"
    }
}
