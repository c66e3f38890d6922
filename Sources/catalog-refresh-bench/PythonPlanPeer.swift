import Foundation

/// Issue #24's peer for `plan`: a plain CPython script doing the same work on the same feed. It
/// reads every row with `csv.DictReader`, renders the prompt of every product × variant with
/// `str.format`, hashes it with `hashlib.sha256` and keeps every fingerprint in a dict, as a
/// plan keeps one per job; it prints how many it kept, which must be the plan's job count.
enum PythonPlanPeer {
    static let script = """
        import csv, hashlib, json, sys
        feed, template, backgrounds = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
        fingerprints = {}
        with open(feed, newline='', encoding='utf-8') as f:
            for row in csv.DictReader(f):
                for variant_id, text in backgrounds:
                    prompt = template.format(title=row['title'], brand=row['brand'],
                                             product_type=row['product_type'], background=text)
                    fingerprints[(row['id'], variant_id)] = hashlib.sha256(prompt.encode('utf-8')).hexdigest()
        print(len(fingerprints))
        """

    /// Runs the script with `python3` from a file in `scratch`; throws unless it kept one
    /// fingerprint per job.
    static func run(_ catalog: NightlyCatalog, scratch: URL, expectedJobs: Int) throws -> MeasuredChild {
        let path = scratch.appendingPathComponent("plan_peer.py").path
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let backgrounds = catalog.backgrounds.map { [$0.id, $0.text] }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: backgrounds), as: UTF8.self)
        let child = try MeasuredChild.run(
            "python3", [path, catalog.feed, NightlyCatalog.pythonPromptTemplate, json], scratch: scratch
        ).checked("python3 plan_peer.py")
        let kept = Int(child.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))
        guard kept == expectedJobs else {
            throw BenchmarkError(
                "the Python peer kept \(kept.map(String.init) ?? "?") fingerprints, not \(expectedJobs)")
        }
        return child
    }
}
