import CatalogModel
import Foundation

extension JobStore {
    /// Records each job's listing, writing only rows that changed, in one transaction: a
    /// nightly run over an unchanged catalog rewrites nothing.
    public func recordListings(_ listings: [(key: JobKey, listing: Listing)]) throws {
        try recordListings(listings.map { ($0.key, $0.listing, $0.listing.digest) })
    }

    /// `digest` is what the next plan compares (`StoredPlanState.listingDigest`): the digest of
    /// the listing as planned, which may differ from the one recorded (a Shopify feed's handle is
    /// filled in from the product id).
    public func recordListings(_ listings: [(key: JobKey, listing: Listing, digest: Int64)]) throws {
        guard !listings.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try withConnection { db in
            try db.transaction {
                let statement = try db.statement(
                    """
                    INSERT INTO listings (job_key, listing_json, digest) VALUES (?, ?, ?)
                    ON CONFLICT (job_key) DO UPDATE SET listing_json = excluded.listing_json, digest = excluded.digest
                    WHERE listing_json IS NOT excluded.listing_json OR digest IS NOT excluded.digest
                    """)
                for (key, listing, digest) in listings {
                    let json = String(decoding: try encoder.encode(listing), as: UTF8.self)
                    statement.reset()
                    try statement.run([.text(key.storageKey), .text(json), .int(digest)])
                }
            }
        }
    }

    /// The recorded listings of `keys`; a key with none (a store from before listings, or a
    /// job the feed no longer has) is absent.
    public func listings(for keys: [JobKey]) throws -> [JobKey: Listing] {
        let decoder = JSONDecoder()
        return try withConnection { db in
            let statement = try db.statement("SELECT listing_json FROM listings WHERE job_key = ?")
            var found: [JobKey: Listing] = [:]
            for key in keys {
                statement.reset()
                let json = try statement.query([.text(key.storageKey)]) { $0.text(0) }.first ?? nil
                if let json, let listing = try? decoder.decode(Listing.self, from: Data(json.utf8)) {
                    found[key] = listing
                }
            }
            return found
        }
    }
}

extension JobStore {
    /// Facts measured on an image (JSON the caller wrote) under the caller's key (a version and
    /// the image's sha256), if any.
    public func imageFacts(key: String) throws -> String? {
        try withConnection { db in
            try db.statement("SELECT facts_json FROM image_facts WHERE facts_key = ?").query([.text(key)]) {
                $0.text(0)
            }.first ?? nil
        }
    }

    public func recordImageFacts(key: String, json: String) throws {
        try withConnection { db in
            try db.statement("INSERT OR REPLACE INTO image_facts (facts_key, facts_json) VALUES (?, ?)")
                .run([.text(key), .text(json)])
        }
    }
}
