import CatalogTestSupport
import FeedIngest
import Foundation
import Testing

/// The csv-spectrum conformance suite: each CSV must parse to the records in its JSON file.
struct CSVSpectrumTests {
    static let cases = [
        "comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json", "newlines", "newlines_crlf",
        "quotes_and_newlines", "simple", "simple_crlf", "utf8",
    ]

    @Test(arguments: cases)
    func parsesToTheExpectedRecords(_ name: String) throws {
        let csv = try Data(
            contentsOf: URL(fileURLWithPath: RepositoryPaths.fixture("feeds/csv-spectrum/csvs/\(name).csv")))
        let json = try Data(
            contentsOf: URL(fileURLWithPath: RepositoryPaths.fixture("feeds/csv-spectrum/json/\(name).json")))
        let expected = try #require(try JSONSerialization.jsonObject(with: json) as? [[String: String]])
        let records = try parseCSV([UInt8](csv), chunkSize: 5)
        let header = try #require(records.first?.fields)
        let rows = records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0.fields)) }
        #expect(rows == expected)
    }

    @Test func locationCoordinatesParses() throws {
        let csv = try Data(
            contentsOf: URL(
                fileURLWithPath: RepositoryPaths.fixture("feeds/csv-spectrum/csvs/location_coordinates.csv")))
        #expect(try parseCSV([UInt8](csv)).count == 2)
    }
}
