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
    private let clock: any DispatchClock
    private let server: ServerIdentity
    private var inFlight: [String: Task<String, any Error>] = [:]
    /// An upload is reused only while it has at least this long left, so a job never goes out
    /// with a reference that expires under it.
    private let safetyMargin: TimeInterval = 3600
    /// The files API's documented lifetime: a later expiry in an answer is not believed.
    static let fileLifetime: TimeInterval = 72 * 3600
    static let maxBytes = 50 * 1024 * 1024

    init(
        service: any ImageGenerationService, server: ServerIdentity, store: JobStore, retry: RetryStrategy,
        clock: any DispatchClock
    ) {
        self.service = service
        self.server = server
        self.store = store
        self.retry = retry
        self.clock = clock
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

    private func upload(path: String) async throws -> String {
        if let task = inFlight[path] { return try await task.value }
        let task = Task { try await self.performUpload(path: path) }
        inFlight[path] = task
        defer { inFlight[path] = nil }
        return try await task.value
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
        let validAfter = Date().addingTimeInterval(safetyMargin)
        if let cached = try store.cachedUpload(contentSHA256: hash, server: server, validAfter: validAfter) {
            return cached
        }
        let name = "\(hash.prefix(16)).\(info.format.fileExtension)"
        let uploaded = try await retry.run(sleep: { try await self.clock.sleep(for: $0) }) {
            try await service.uploadReference(bytes, fileName: name, mimeType: info.format.mimeType)
        }
        let expiresAt = min(uploaded.expiresAt, Date().addingTimeInterval(Self.fileLifetime))
        try store.recordUpload(contentSHA256: hash, server: server, fileURL: uploaded.fileURL, expiresAt: expiresAt)
        return uploaded.fileURL
    }
}
