import Foundation

/// Golden files: a generated artifact compared with a baseline checked in beside the test.
/// Run with `RECORD_GOLDENS=1` to rewrite the baselines after an intended change.
public enum Golden {
    /// `nil` when `actual` matches the baseline `name` in the `Goldens` folder beside
    /// `testFile`; otherwise the first differing line, for the failure message.
    public static func mismatch(_ actual: String, named name: String, testFile: String = #filePath) -> String? {
        let url = URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("Goldens/\(name)")
        if ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1" {
            try? FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return nil
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            return "no baseline at \(url.path); run the tests with RECORD_GOLDENS=1 to record it"
        }
        // Bytes, not `String` equality, which would take a composed é for a decomposed one.
        guard !expected.utf8.elementsEqual(actual.utf8) else { return nil }
        let expectedLines = expected.components(separatedBy: "\n")
        let actualLines = actual.components(separatedBy: "\n")
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let want = index < expectedLines.count ? expectedLines[index] : "<end of file>"
            let got = index < actualLines.count ? actualLines[index] : "<end of file>"
            if want != got { return "\(name):\(index + 1):\n- \(want)\n+ \(got)" }
        }
        return "\(name): differs"
    }
}
