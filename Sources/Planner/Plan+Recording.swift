import CatalogModel

extension Plan {
    /// Adds one classified job: counted, costed and sampled always; compared with what the store
    /// holds when `stored` is given (a run: its listing and manifest entry); held in `entries`
    /// only when `keep`.
    /// `keyHash` is the key's hash and `listingDigest` the listing's digest, as the reading
    /// thread made them (`MadeJob`).
    /// Returns whether the job needs nothing: unchanged, and, when `stored` is given, listed in
    /// the manifest with its listing as recorded.
    @discardableResult
    mutating func record(
        _ entry: Entry, stored: StoredPlanState?, keyHash: Int, listingDigest: Int64?, keep: Bool
    ) -> Bool {
        var needsNothing = entry.change == .unchanged
        count(1, as: entry.change)
        if samplesOfAll.count < Self.keptSamples { samplesOfAll.append(entry.job) }
        if entry.change == .changed {
            for reason in entry.reasons.isEmpty ? ["unknown"] : entry.reasons {
                changedBecause[reason, default: 0] += 1
            }
        }
        if entry.change != .unchanged {
            cost.add(entry.job)
            if samplesToRun.count < Self.keptSamples { samplesToRun.append(entry.job) }
            if entry.job.key.productID != lastChangedProductID {
                changedProducts += 1
                lastChangedProductID = entry.job.key.productID
            }
            // A product's jobs are recorded together: only the last change can be the product's.
            if changedProducts <= keptChanges { ProductChange.fold(entry, intoLast: &changes) }
        }
        if let stored {
            let key = entry.job.key
            plannedKeyHashes.insert(keyHash)
            if stored.fingerprint != nil { plannedWithStoredImage += 1 }
            if !stored.isInManifest {
                missingFromManifest.append(key)
                needsNothing = false
            }
            let digest = listingDigest ?? entry.listing.digest
            if stored.listingDigest != digest {
                listingUpdates.append(ListingUpdate(key: key, listing: entry.listing, digest: digest))
                needsNothing = false
            }
        }
        if keep { entries.append(entry) }
        return needsNothing
    }

    /// Counts the jobs of a product passed over as current (`CurrentProducts`): unchanged, with
    /// a stored image, and planned (`keyHashes`, when the plan compares with the store).
    mutating func recordPassedOver(jobs: Int, keyHashes: [Int]) {
        count(jobs, as: .unchanged)
        productsPassedOver += 1
        plannedWithStoredImage += keyHashes.count
        for hash in keyHashes { plannedKeyHashes.insert(hash) }
    }
}
