import ArgumentParser
import FeedIngest
import PipelineSpec

/// How to read a feed, on the command line: the same knobs as a spec's `feed` section.
struct FeedReadingOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp("auto, google-merchant, shopify, meta, generic-csv or generic-xml.", valueName: "profile"))
    var profile: String = "auto"

    @Option(
        help: ArgumentHelp(
            "CSV delimiter: comma, tab, semicolon, pipe or one character (detected when absent).", valueName: "name"))
    var delimiter: String?

    @Option(help: ArgumentHelp("CSV encoding: utf-8, windows-1252 or iso-8859-1.", valueName: "name"))
    var encoding: String = "utf-8"

    @Option(
        name: .customLong("item-element"),
        help: ArgumentHelp("The repeating element of a generic XML feed.", valueName: "name"))
    var itemElement: String?

    @Option(
        name: .customLong("map"),
        help: ArgumentHelp(
            "Map a product field to a column or element, e.g. --map id=SKU (repeatable).", valueName: "field=column"))
    var mappings: [String] = []

    @Option(name: .customLong("max-invalid"), help: "Records that may be rejected before the feed is refused.")
    var maxInvalid: Int = 0

    @Option(name: .customLong("max-invalid-percent"), help: "Or: the share of records (0–100) that may be rejected.")
    var maxInvalidPercent: Double?

    @Option(
        name: .customLong("connect-timeout"),
        help: ArgumentHelp("Seconds to connect to a feed URL.", valueName: "seconds"))
    var connectTimeout = FeedTimeouts.defaultConnectSeconds

    @Option(
        name: .customLong("idle-timeout"),
        help: ArgumentHelp("Seconds a feed URL may send nothing.", valueName: "seconds"))
    var idleTimeout = FeedTimeouts.defaultIdleSeconds

    @Option(
        name: .customLong("total-timeout"),
        help: ArgumentHelp("Seconds for a feed URL's whole download.", valueName: "seconds"))
    var totalTimeout = FeedTimeouts.defaultTotalSeconds

    /// The spec's `feed.timeouts`, from the command line.
    func feedTimeouts() throws -> FeedTimeouts {
        for ((name, maximum), value) in zip(FeedTimeouts.maximums, [connectTimeout, idleTimeout, totalTimeout])
        where !(1...maximum).contains(value) {
            throw ValidationError(
                "--\(name)-timeout must be between 1 and \(maximum) seconds (`feed.timeouts.\(name)`)")
        }
        return FeedTimeouts(
            connect: .seconds(connectTimeout), idle: .seconds(idleTimeout), total: .seconds(totalTimeout))
    }

    func feedOptions() throws -> FeedOptions {
        guard let profile = FeedProfile(rawValue: profile) else {
            throw ValidationError(
                "unknown --profile `\(profile)`; expected one of: \(FeedProfile.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        guard let encoding = FeedEncoding(rawValue: encoding.lowercased()) else {
            throw ValidationError("unknown --encoding `\(encoding)`; expected utf-8, windows-1252 or iso-8859-1")
        }
        var delimiterByte: UInt8?
        if let delimiter {
            let named: [String: UInt8] = ["comma": 44, "tab": 9, "semicolon": 59, "pipe": 124]
            guard let byte = named[delimiter] ?? (delimiter.utf8.count == 1 ? delimiter.utf8.first : nil) else {
                throw ValidationError("--delimiter must be comma, tab, semicolon, pipe or one character")
            }
            delimiterByte = byte
        }
        var mapping: [String: String] = [:]
        for entry in mappings {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--map takes field=column, e.g. --map id=SKU")
            }
            mapping[parts[0]] = parts[1]
        }
        guard maxInvalid >= 0 else { throw ValidationError("--max-invalid must be 0 or more") }
        if let maxInvalidPercent, !(0...100).contains(maxInvalidPercent) {
            throw ValidationError("--max-invalid-percent must be between 0 and 100")
        }
        return FeedOptions(
            profile: profile, delimiter: delimiterByte, encoding: encoding, mapping: mapping, itemElement: itemElement,
            maxInvalidRows: maxInvalid, maxInvalidPercent: maxInvalidPercent)
    }
}
