import AssetStorage
import CatalogModel
import Foundation
import ImageService
import JobStore

/// Turns a job's reference images into URLs the API can fetch: remote links pass through;
/// local files are uploaded through the files API once per content hash and reused while the
/// upload is valid (72 h less a safety margin), across jobs and across runs, but only on the
/// files API and with the key that accepted it (`ServerIdentity`): another server, or another
/// key, gets its own upload.
actor ReferenceUploader {
    private let service: any ImageGenerationService
    private let store: JobStore
    private let retry: RetryStrategy
    private let clock: AnyClock
    private let storageExecutor: any TaskExecutor
    private let server: ServerIdentity
    /// Jobs waiting for an upload of the same file that another job's task is making.
    private var inFlight: [String: [CheckedContinuation<String, any Error>]] = [:]
    /// An upload is reused only while it has at least this long left, so a job never goes out
    /// with a reference that expires under it.
    private let safetyMargin: TimeInterval = 3600
    /// The files API's documented lifetime: a later expiry in an answer is not believed.
    static let fileLifetime: TimeInterval = 72 * 3600
    static let maxBytes = 50 * 1024 * 1024

    init(
        service: any ImageGenerationService, server: ServerIdentity, store: JobStore, retry: RetryStrategy,
        clock: AnyClock, storageExecutor: any TaskExecutor
    ) {
        self.service = service
        self.server = server
        self.store = store
        self.retry = retry
        self.clock = clock
        self.storageExecutor = storageExecutor
    }

    nonisolated func urls(for references: [ReferenceImage]) async throws -> [String] {
        // Remote links need nothing of the uploader's: no trip onto the actor and back for them.
        if references.allSatisfy(\.isRemote) { return references.map(\.location) }
        return try await uploadedURLs(for: references)
    }

    private func uploadedURLs(for references: [ReferenceImage]) async throws -> [String] {
        var urls: [String] = []
        for reference in references {
            urls.append(reference.isRemote ? reference.location : try await upload(path: reference.location))
        }
        return urls
    }

    /// One upload per file at a time, made by the first job's own task (no task of its own, so
    /// it runs wherever the dispatch does); the jobs that ask meanwhile wait for its answer.
    private func upload(path: String) async throws -> String {
        if inFlight[path] != nil {
            return try await withCheckedThrowingContinuation { inFlight[path, default: []].append($0) }
        }
        inFlight[path] = []
        let result: Result<String, any Error>
        do {
            result = .success(try await performUpload(path: path))
        } catch {
            result = .failure(error)
        }
        for waiter in inFlight.removeValue(forKey: path) ?? [] { waiter.resume(with: result) }
        return try result.get()
    }

    private func performUpload(path: String) async throws -> String {
        let bytes: [UInt8]
        do {
            bytes = try BoundedFile.read(path, limit: Self.maxBytes)
        } catch .tooLarge(let size, _) {
            // Found by its size alone: the file was never read.
            throw ImageServiceError(
                kind: .permanent, code: "reference_too_large",
                message: "reference image \(path) is \(size.map { "\($0) bytes" } ?? "larger than that"), over the "
                    + "50 MB the API accepts; link a smaller image")
        } catch {
            throw ImageServiceError(
                kind: .permanent, code: "reference_missing", message: "reference image \(path) cannot be read: \(error)"
            )
        }
        guard let info = ImageSniffer.sniff(bytes) else {
            throw ImageServiceError(
                kind: .permanent, code: "reference_not_an_image",
                message: "reference \(path) is not a PNG, JPEG or WebP image")
        }
        let hash = SHA256.hash(bytes).hex
        let (store, server) = (self.store, self.server)
        let validAfter = clock.date.addingTimeInterval(safetyMargin)
        let cached = try await withTaskExecutorPreference(storageExecutor) {
            try store.cachedUpload(contentSHA256: hash, server: server, validAfter: validAfter)
        }
        if let cached { return cached }
        let name = "\(hash.prefix(16)).\(info.format.fileExtension)"
        let clock = self.clock
        let uploaded = try await retry.run(sleep: { try await clock.sleep(for: $0) }) {
            try await service.uploadReference(bytes, fileName: name, mimeType: info.format.mimeType)
        }
        // The answer's expiry, but never past the documented lifetime on this run's clock (which
        // is also the expiry when the answer gives none).
        let lifetime = clock.date.addingTimeInterval(Self.fileLifetime)
        let expiresAt = min(uploaded.expiresAt ?? lifetime, lifetime)
        try await withTaskExecutorPreference(storageExecutor) {
            try store.recordUpload(contentSHA256: hash, server: server, fileURL: uploaded.fileURL, expiresAt: expiresAt)
        }
        return uploaded.fileURL
    }
}
