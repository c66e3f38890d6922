import CatalogModel

extension JobStore {
    /// How many keys one query looks up: few enough for SQLite's parameter limit, enough that a
    /// million-product catalog takes thousands of queries, not millions.
    static let statesPerQuery = 256

    public var hasStoredOutputs: Bool { get throws { try hasOutputs() } }

    /// One query per `statesPerQuery` keys: each key's stored fingerprint, listing digest and
    /// manifest membership, three index probes in SQLite and no round trip per job.
    public func storedStates(for keys: [JobKey]) throws -> [StoredPlanState] {
        guard !keys.isEmpty else { return [] }
        return try withConnection { db in
            var states = [StoredPlanState](repeating: StoredPlanState(), count: keys.count)
            var start = 0
            while start < keys.count {
                let end = min(start + Self.statesPerQuery, keys.count)
                // Always the full statement, its unused slots NULL (which match nothing): one
                // prepared statement, not one per batch size.
                var values = keys[start..<end].map { SQLiteValue.text($0.storageKey) }
                values += repeatElement(.null, count: Self.statesPerQuery - values.count)
                let statement = try db.statement(Self.statesQuery)
                try statement.bind(values)
                while try statement.step() {
                    guard let position = statement.int(0) else { continue }
                    states[start + Int(position)] = StoredPlanState(
                        fingerprint: statement.text(1).map(JobFingerprint.init(hex:)),
                        listingDigest: statement.int(2), isInManifest: statement.int(3) == 1)
                }
                start = end
            }
            return states
        }
    }

    /// `SELECT … FROM (VALUES (0, ?), (1, ?), …)` joined to the three tables by key, through
    /// their covering indexes (SQLite would pick the unique key's and read every row).
    private static let statesQuery: String = {
        let slots = (0..<statesPerQuery).map { "(\($0), ?)" }.joined(separator: ", ")
        return """
            SELECT planned.column1, outputs.fingerprint, listings.digest, manifest_keys.job_key IS NOT NULL
            FROM (VALUES \(slots)) AS planned
            LEFT JOIN outputs INDEXED BY outputs_fingerprints ON outputs.job_key = planned.column2
            LEFT JOIN listings INDEXED BY listings_digests ON listings.job_key = planned.column2
            LEFT JOIN manifest_keys ON manifest_keys.job_key = planned.column2
            WHERE planned.column2 IS NOT NULL
            """
    }()
}
