import CatalogModel
import Foundation

extension SimulatorState {
    static let maxFileBytes = 100 * 1024 * 1024

    /// `POST /api/v1/files/upload/base64`.
    func uploadBase64(body: [UInt8], authorization: String?, host: String) -> SimulatorResponse {
        guard isAuthorized(authorization) else {
            return .filesError(401, code: 401, "Invalid or expired token")
        }
        guard let request = try? JSONDecoder().decode(SimulatorWire.UploadBase64.self, from: Data(body)),
            var encoded = request.base64_data
        else {
            return .filesError(400, code: 400, "base64_data is required")
        }
        if encoded.hasPrefix("data:"), let comma = encoded.firstIndex(of: ",") {
            encoded = String(encoded[encoded.index(after: comma)...])
        }
        guard let data = Data(base64Encoded: encoded), !data.isEmpty else {
            return .filesError(400, code: 400, "base64_data is not valid base64")
        }
        guard data.count <= Self.maxFileBytes else {
            return .filesError(400, code: 40001, "file too large (over 100 MB)")
        }
        let bytes = [UInt8](data)
        guard let mime = Self.sniffMIME(bytes) else {
            return .filesError(400, code: 40002, "file type not allowed (JPEG/PNG/GIF/WebP only)")
        }
        let id = "file_\(nextID(length: 12))"
        let safeName = (request.file_name ?? "upload")
            .filter { $0.isASCII && ($0.isLetter || $0.isNumber || ".-_".contains($0)) }
            .drop { $0 == "." }
        let name = safeName.isEmpty ? "upload" : String(safeName.prefix(100))
        let now = clock.now
        files[id] = StoredFile(
            id: id, name: name, mimeType: mime, bytes: bytes, expiresAt: now + SimulatorConfiguration.fileLifetime)
        stats.uploads += 1
        let url = "\(host)/files/\(id)/\(name)"
        return .json(
            SimulatorWire.FilesEnvelope(
                success: true, code: 200, msg: "File uploaded successfully",
                data: .init(
                    file_id: id, file_name: name, original_name: request.file_name ?? name, file_size: bytes.count,
                    mime_type: mime,
                    upload_path: request.upload_path ?? "", file_url: url,
                    download_url: "\(host)/api/v1/files/download/\(id)",
                    upload_time: Self.iso8601(now), expires_at: Self.iso8601(now + SimulatorConfiguration.fileLifetime))
            ))
    }

    /// `GET /files/{id}/{name}`: 404 once the file's 72 h are over.
    func file(id: String) -> SimulatorResponse {
        guard let file = files[id], clock.now < file.expiresAt else {
            return SimulatorResponse(status: 404, body: Array("not found".utf8), contentType: "text/plain")
        }
        return SimulatorResponse(status: 200, body: file.bytes, contentType: file.mimeType)
    }

    /// A file this simulator serves at `host`, found from its URL, if it has not expired.
    func localFile(at url: String, host: String) -> StoredFile? {
        let prefix = "\(host)/files/"
        guard url.hasPrefix(prefix) else { return nil }
        let id = url.dropFirst(prefix.count).split(separator: "/").first.map(String.init) ?? ""
        guard let file = files[id], clock.now < file.expiresAt else { return nil }
        return file
    }

    /// What the API would fetch for each of a task's `image_urls`: this simulator's own
    /// uploads, or what `externalReferences` says another host serves. The first URL that
    /// cannot be fetched, when one cannot.
    func fetchReferences(_ urls: [String], host: String) -> Result<[[UInt8]], UnreachableReference> {
        var fetched: [[UInt8]] = []
        for url in urls {
            guard let bytes = localFile(at: url, host: host)?.bytes ?? configuration.externalReferences(url) else {
                return .failure(UnreachableReference(url: url))
            }
            fetched.append(bytes)
        }
        return .success(fetched)
    }

    static func sniffMIME(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: Array("GIF8".utf8)) { return "image/gif" }
        if bytes.count > 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return "image/webp"
        }
        return nil
    }

    static func iso8601(_ seconds: Double) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: seconds))
    }
}
