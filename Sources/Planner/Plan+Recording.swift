import CatalogModel

extension Plan {
    /// Adds one classified job: counted, costed and sampled always; compared with what the store
    /// holds when `stored` is given (a run: its listing and manifest entry); held in `entries`
    /// only when `keep`.
    mutating func record(_ entry: Entry, stored: StoredPlanState?, keep: Bool) {
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
            plannedKeyHashes.insert(key.hashValue)
            if stored.fingerprint != nil { plannedWithStoredImage += 1 }
            if !stored.isInManifest { missingFromManifest.append(key) }
            // A product's variants mostly share one listing: its digest is made once.
            let digest: Int64
            if let last = lastListingDigest, last.listing == entry.listing {
                digest = last.digest
            } else {
                digest = entry.listing.digest
                lastListingDigest = (entry.listing, digest)
            }
            if stored.listingDigest != digest {
                listingUpdates.append(ListingUpdate(key: key, listing: entry.listing, digest: digest))
            }
        }
        if keep { entries.append(entry) }
    }
}
