import ArgumentParser
import CatalogModel
import FeedIngest
import Foundation

struct IngestBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Generate synthetic feeds, ingest them, and compare with Python's csv and ElementTree.iterparse.")

    @Option(help: "Size of each synthetic feed in megabytes.")
    var megabytes = 200

    @Option(help: "Where to write the synthetic feeds (removed afterwards unless --keep).")
    var directory = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-refresh-bench").path

    @Flag(help: "Skip the Python comparison.")
    var noPython = false

    @Option(help: "Runs of each measurement (Swift and Python); the fastest is reported.")
    var `repeat` = 3

    @Flag(help: "Keep the generated feeds.")
    var keep = false

    @Option(help: "Ingest this existing feed instead of generating any (for profiling).")
    var input: String?

    func run() throws {
        if let input {
            var products = 0
            let started = ContinuousClock.now
            let report = try FeedFile.read(atPath: input, options: FeedOptions(maxInvalidRows: .max)) { _ in
                products += 1
            }
            let elapsed = ContinuousClock.now - started
            let seconds = elapsed.seconds
            print(
                Result(products: products, seconds: seconds, megabytes: Double(report.bytesRead) / 1_048_576).line(
                    name: input))
            if input.hasSuffix(".csv") {
                print(try measureParser(path: input).line(name: "CSV parser → records, every field a String"))
            }
            print(String(format: "peak RSS: %.1f MB", PeakMemory.peakMegabytes()))
            return
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if !keep { try? FileManager.default.removeItem(atPath: directory) } }
        let target = megabytes << 20
        let xml = URL(fileURLWithPath: directory).appendingPathComponent("merchant.xml").path
        let csv = URL(fileURLWithPath: directory).appendingPathComponent("shopify.csv").path
        print("generating \(megabytes) MB feeds in \(directory)…")
        let xmlItems = try SyntheticFeeds.writeGoogleMerchantXML(to: xml, targetBytes: target)
        let csvProducts = try SyntheticFeeds.writeShopifyCSV(to: csv, targetBytes: target)

        let baselineRSS = PeakMemory.residentMegabytes()
        // The fastest of `repeat` runs each (Python's too): this machine's neighbours add noise,
        // never speed.
        let xmlResult = try fastest { try measure(path: xml, expected: xmlItems) }
        let csvResult = try fastest { try measure(path: csv, expected: csvProducts) }
        let parserResult = try fastest { try measureParser(path: csv) }
        let lazyResult = try fastest { try measureParser(path: csv, strings: false) }
        print(xmlResult.line(name: "Google Merchant XML → products"))
        print(csvResult.line(name: "Shopify CSV → products (3 rows each)"))
        print(parserResult.line(name: "CSV parser → records, every field a String (what csv.reader does)"))
        print(lazyResult.line(name: "CSV parser → records, fields read on demand (what the pipeline does)"))
        print(String(format: "peak RSS: %.1f MB (%.1f MB before ingesting)", PeakMemory.peakMegabytes(), baselineRSS))

        guard !noPython else { return }
        let python = try PythonBaseline.run(xml: xml, csv: csv, repeat: `repeat`)
        print(
            String(
                format: "python ElementTree.iterparse (same fields): %.2f s, %.1f MB/s", python.xmlSeconds,
                xmlResult.megabytes / python.xmlSeconds))
        print(
            String(
                format: "python csv.reader (rows only):             %.2f s, %.1f MB/s", python.csvSeconds,
                csvResult.megabytes / python.csvSeconds))
        print(
            String(
                format:
                    "ratio XML: %.2f× python; CSV records, strings: %.2f×; CSV records, on demand: %.2f×; "
                    + "CSV to products: %.2f×",
                python.xmlSeconds / xmlResult.seconds, python.csvSeconds / parserResult.seconds,
                python.csvSeconds / lazyResult.seconds, python.csvSeconds / csvResult.seconds))
    }

    func fastest(_ measurement: () throws -> Result) throws -> Result {
        var best = try measurement()
        for _ in 1..<max(1, `repeat`) {
            let next = try measurement()
            if next.seconds < best.seconds { best = next }
        }
        return best
    }

    struct Result {
        var products: Int
        var seconds: Double
        var megabytes: Double

        func line(name: String) -> String {
            String(
                format: "%@: %d products in %.2f s: %.0f items/s, %.1f MB/s", name, products, seconds,
                Double(products) / seconds, megabytes / seconds)
        }
    }

    /// The byte-level CSV parser alone, records out and every field made a `String`: the same
    /// work as Python's `csv.reader`, which builds a `str` per field.
    /// With `strings`, every field becomes a `String` (what `csv.reader` returns); without,
    /// records are counted as the parser hands them out, their fields still bytes that a
    /// mapping reads on demand (what the pipeline does).
    func measureParser(path: String, strings: Bool = true) throws -> Result {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ValidationError("cannot open \(path)") }
        defer { try? handle.close() }
        var parser = CSVParser()
        var records = 0
        var bytes = 0
        var characters = 0
        let started = ContinuousClock.now
        try FeedFile.forEachChunk(of: handle, name: path) { chunk in
            bytes += chunk.count
            try parser.consume(chunk) { record in
                records += 1
                characters += strings ? Self.materialise(record) : record.count
            }
        }
        try parser.finish { record in
            records += 1
            characters += strings ? Self.materialise(record) : record.count
        }
        guard characters > 0 else { throw ValidationError("\(path): no fields") }
        let elapsed = ContinuousClock.now - started
        let seconds = elapsed.seconds
        return Result(products: records, seconds: seconds, megabytes: Double(bytes) / 1_048_576)
    }

    /// Builds every field's `String`; returns their bytes, so the work cannot be optimised away.
    static func materialise(_ record: CSVRecord) -> Int {
        var bytes = 0
        for index in 0..<record.count { bytes += record[index].utf8.count }
        return bytes
    }

    func measure(path: String, expected: Int) throws -> Result {
        var products = 0
        let started = ContinuousClock.now
        let report = try FeedFile.read(atPath: path, options: FeedOptions()) { _ in products += 1 }
        let elapsed = ContinuousClock.now - started
        guard products == expected else {
            throw ValidationError("\(path): read \(products) products, expected \(expected)")
        }
        let seconds = elapsed.seconds
        return Result(products: products, seconds: seconds, megabytes: Double(report.bytesRead) / 1_048_576)
    }
}

/// Peak and current resident memory, from /proc (Linux).
enum PeakMemory {
    static func value(_ key: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(key) {
            let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kilobytes / 1024
        }
        return 0
    }

    static func peakMegabytes() -> Double { value("VmHWM:") }
    static func residentMegabytes() -> Double { value("VmRSS:") }
}

/// The same work in CPython: `csv.reader` over every row, and `iterparse` pulling id, title,
/// link, image and additional images of each item (clearing elements as it goes).
enum PythonBaseline {
    static let script = """
        import csv, sys, time, xml.etree.ElementTree as ET
        G = '{http://base.google.com/ns/1.0}'
        def xml():
            start = time.perf_counter(); n = 0
            for event, elem in ET.iterparse(sys.argv[1], events=('end',)):
                if elem.tag == 'item':
                    d = {'id': elem.findtext(G + 'id'), 'title': elem.findtext(G + 'title'), 'link': elem.findtext(G + 'link'),
                         'image': elem.findtext(G + 'image_link'), 'more': [e.text for e in elem.findall(G + 'additional_image_link')]}
                    n += 1; elem.clear()
            return time.perf_counter() - start
        def rows():
            start = time.perf_counter(); rows = 0
            with open(sys.argv[2], newline='', encoding='utf-8') as f:
                for row in csv.reader(f): rows += 1
            return time.perf_counter() - start
        repeat = int(sys.argv[3])
        print(min(xml() for _ in range(repeat)), min(rows() for _ in range(repeat)))
        """

    /// The fastest of `repeat` runs of each.
    static func run(xml: String, csv: String, repeat: Int) throws -> (xmlSeconds: Double, csvSeconds: Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, xml, csv, String(`repeat`)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let numbers = output.split(separator: " ").compactMap {
            Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        guard process.terminationStatus == 0, numbers.count >= 2 else {
            throw ValidationError("python3 failed: \(output)")
        }
        return (numbers[0], numbers[1])
    }
}
