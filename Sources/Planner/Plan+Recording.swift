import CatalogModel

extension Plan {
    /// Adds one classified job: counted, costed and sampled always; compared with what the store
    /// holds when `stored` is given (a run: its listing and manifest entry); held in `entries`
    /// only when `keep`.
    /// `job` is as its maker made it (its key's hash and listing's digest too), and
    /// `variant` the one it was made from. `entry` is the job in full with its change and
    /// reasons: given whenever the plan takes the job as a sample (`wantsInFull`), compares it
    /// with the store or keeps it; otherwise the job is counted without it.
    /// Returns whether the job needs nothing: unchanged, and, when `stored` is given, listed in
    /// the manifest with its listing as recorded.
    @discardableResult
    mutating func record(
        _ job: borrowing MadeJob, as change: Change, reasons: [String], entry: Entry?, stored: StoredPlanState?,
        variant: PreparedVariant, keep: Bool
    ) -> Bool {
        var needsNothing = change == .unchanged
        count(1, as: change)
        if samplesOfAll.count < Self.keptSamples, let entry { samplesOfAll.append(entry.job) }
        if change == .changed {
            for reason in reasons.isEmpty ? ["unknown"] : reasons {
                changedBecause[reason, default: 0] += 1
            }
        }
        if change != .unchanged {
            cost.add(job, of: variant)
            if samplesToRun.count < Self.keptSamples, let entry { samplesToRun.append(entry.job) }
            let key = job.key
            if key.productID != lastChangedProductID {
                changedProducts += 1
                lastChangedProductID = key.productID
            }
            // A product's jobs are recorded together: only the last change can be the product's.
            if changedProducts <= keptChanges {
                ProductChange.fold(key, change: change, reasons: reasons, intoLast: &changes)
            }
        }
        if let stored, let entry {
            let key = job.key
            plannedKeyHashes.insert(job.keyHash)
            if stored.fingerprint != nil { plannedWithStoredImage += 1 }
            if !stored.isInManifest {
                missingFromManifest.append(key)
                needsNothing = false
            }
            let digest = job.listingDigest ?? entry.listing.digest
            if stored.listingDigest != digest {
                listingUpdates.append(ListingUpdate(key: key, listing: entry.listing, digest: digest))
                needsNothing = false
            }
        }
        if keep, let entry { entries.append(entry) }
        return needsNothing
    }

    /// Whether `record` would take a job of `change` as a sample: such a job is made in full.
    func wantsInFull(_ change: Change) -> Bool {
        samplesOfAll.count < Self.keptSamples || (change != .unchanged && samplesToRun.count < Self.keptSamples)
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
