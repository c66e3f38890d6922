import CatalogModel

extension JobStore {
    /// The digest of every product whose jobs were all current when last planned and have not
    /// moved since (migration 14's triggers forget one as soon as they do).
    public func currentProductDigests() throws -> Set<ProductDigest> {
        try withConnection { db in
            let count = try db.statement("SELECT count(*) FROM current_products").query { $0.int(0) ?? 0 }.first ?? 0
            var digests = Set<ProductDigest>(minimumCapacity: Int(count))
            let statement = try db.statement("SELECT digest_high, digest_low FROM current_products")
            while try statement.step() {
                digests.insert(ProductDigest(high: statement.int(0) ?? 0, low: statement.int(1) ?? 0))
            }
            return digests
        }
    }

    /// Records products a run found entirely current, in one transaction. A product recorded
    /// before under another digest (its record or the spec moved since) is replaced.
    public func recordCurrentProducts(_ products: [(productID: String, digest: ProductDigest)]) throws {
        guard !products.isEmpty else { return }
        try withConnection { db in
            try db.transaction {
                let statement = try db.statement(
                    """
                    INSERT INTO current_products (product_key, digest_high, digest_low) VALUES (?, ?, ?)
                    ON CONFLICT (product_key) DO UPDATE SET digest_high = excluded.digest_high,
                        digest_low = excluded.digest_low
                    """)
                for (productID, digest) in products {
                    statement.reset()
                    try statement.run([
                        .text(JobKey.productStorageKey(productID: productID)), .int(digest.high), .int(digest.low),
                    ])
                }
            }
        }
    }

    /// Forgets every product recorded as current: the next run plans each in full.
    public func forgetCurrentProducts() throws {
        try withConnection { db in try db.execute("DELETE FROM current_products") }
    }
}
