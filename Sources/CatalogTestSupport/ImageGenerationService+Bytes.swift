import Foundation
import ImageService

extension ImageGenerationService {
    /// A result downloaded to a file of its own, as the dispatcher downloads one, and read
    /// back: for tests that look at the bytes.
    public func downloadResult(from url: String, maxBytes: Int) async throws -> [UInt8] {
        let folder = try TemporaryDirectory()
        let path = folder.url("result").path
        try await downloadResult(from: url, to: path, maxBytes: maxBytes)
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
