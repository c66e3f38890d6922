import CatalogModel

extension Plan {
    /// Adds one classified job: counted, costed and sampled always; compared with what the store
    /// holds when `stored` is given (a run: its listing and manifest entry); held in `entries`
    /// only when `keep`.
    /// `keyHash` is the key's hash and `listingDigest` the listing's digest, as the reading
    /// thread made them (`MadeJob`).
    mutating func record(
        _ entry: Entry, stored: StoredPlanState?, keyHash: Int, listingDigest: Int64?, keep: Bool
    ) {
        counts[entry.change, default: 0] += 1
        if samplesOfAll.count < Self.keptSamples { samplesOfAll.append(entry.job) }
        if entry.change == .changed {
            for reason in entry.reasons.isEmpty ? ["unknown"] : entry.reasons {
                changedBecause[reason, default: 0] += 1
            }
        }
        if entry.change != .unchanged {
            cost.add(entry.job)
            if samplesToRun.count < Self.keptSamples { samplesToRun.append(entry.job) }
            // A product's jobs are recorded together: only the last change can be the product's.
            ProductChange.fold(entry, intoLast: &changes)
        }
        if let stored {
            let key = entry.job.key
            plannedKeyHashes.insert(keyHash)
            if stored.fingerprint != nil { plannedWithStoredImage += 1 }
            if !stored.isInManifest { missingFromManifest.append(key) }
            let digest = listingDigest ?? entry.listing.digest
            if stored.listingDigest != digest {
                listingUpdates.append(ListingUpdate(key: key, listing: entry.listing, digest: digest))
            }
        }
        if keep { entries.append(entry) }
    }
}
