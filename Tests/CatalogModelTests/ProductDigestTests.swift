import CatalogModel
import Foundation
import Testing

/// A product's digest (`Product.digest`) is what tells a nightly plan the product is as it was:
/// every field of the record must move it, where the record was read must not, and the same
/// record must give the same digest in every process (it is stored).
struct ProductDigestTests {
    static let context = Array("context".utf8)

    static let product = Product(
        id: "SKU-1", title: "Mug", description: "A mug", brand: "Acme", link: "https://shop.test/p/1",
        imageLink: "https://cdn.test/1.jpg", additionalImageLinks: ["https://cdn.test/2.jpg", ""],
        productType: "Kitchen", googleProductCategory: "Home", itemGroupID: "G1", price: "9.00 USD",
        availability: "in stock", gtin: "0001", mpn: "M1", color: "red", size: "M", material: "clay",
        gender: "unisex", ageGroup: "adult", attributes: ["season": "winter", "finish": "matte"], sourceLine: 2)

    static func digest(_ product: Product, context: [UInt8] = context) -> ProductDigest {
        var buffer: [UInt8] = []
        return product.digest(context: context, buffer: &buffer)
    }

    /// Each stored property, found through the record's own encoding so that a field added to
    /// `Product` is covered without this test naming it, changed in turn.
    @Test func everyFieldOfTheRecordMovesTheDigest() throws {
        let original = Self.digest(Self.product)
        let encoded = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(Self.product)) as? [String: Any])
        let positional: Set<String> = ["sourceLine", "sourceItem"]
        var checked = 0
        for (name, value) in encoded where !positional.contains(name) {
            var changed = encoded
            switch value {
            case let text as String: changed[name] = text + "x"
            case let list as [String]: changed[name] = list + ["x"]
            case let map as [String: String]: changed[name] = map.merging(["finish": "gloss"]) { $1 }
            default: Issue.record("\(name) is of a kind this test cannot change: \(type(of: value))")
            }
            let moved = try JSONDecoder().decode(
                Product.self, from: JSONSerialization.data(withJSONObject: changed))
            #expect(Self.digest(moved) != original, "\(name)")
            checked += 1
        }
        #expect(checked == 20)
    }

    @Test func whereTheRecordWasReadDoesNotMoveIt() {
        var moved = Self.product
        moved.sourceLine = 900
        moved.sourceItem = 4
        #expect(Self.digest(moved) == Self.digest(Self.product))
    }

    @Test func partsCannotBeShiftedIntoOneAnother() {
        var a = Self.product
        a.title = "Mug"
        a.description = "A mug"
        var b = Self.product
        b.title = "MugA"
        b.description = " mug"
        #expect(Self.digest(a) != Self.digest(b))
        var c = Self.product
        c.attributes = ["a": "bc"]
        var d = Self.product
        d.attributes = ["ab": "c"]
        #expect(Self.digest(c) != Self.digest(d))
        var e = Self.product
        e.additionalImageLinks = ["x", "y"]
        var f = Self.product
        f.additionalImageLinks = ["x"]
        f.imageLink = Self.product.imageLink
        f.attributes["y"] = ""
        #expect(Self.digest(e) != Self.digest(f))
    }

    @Test func theContextMovesIt() {
        #expect(Self.digest(Self.product, context: Array("other".utf8)) != Self.digest(Self.product))
    }

    /// Stored by one process and compared by the next: pinned, so a change to the bytes is a
    /// decision (it plans every product of every catalog once more), never an accident.
    @Test func theDigestIsPinned() {
        let digest = Self.digest(Self.product)
        #expect(
            String(UInt64(bitPattern: digest.high), radix: 16) + "/" + String(UInt64(bitPattern: digest.low), radix: 16)
                == "cc2fba4eb67862ad/f180bcc8b28179ad")
    }
}
