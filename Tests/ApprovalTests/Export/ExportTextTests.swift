import Approval
import CatalogModel
import CatalogTestSupport
import Foundation
import Testing

struct ExportTextTests {
    @Test func publicURLsAreSentAsASCIIWithCommasEncodedForGoogle() throws {
        let fixture = try ExportFixture(images: [
            ExportFixture.Image(productID: "Q-1", title: "Mug", scene: "marble", width: 1000, height: 1000)
        ])
        let destination = try TemporaryDirectory()
        let items = fixture.items.map {
            var item = $0
            item.publicURL = "https://cdn.example.com/a b/Über,1.png"
            return item
        }
        _ = try Export.run(fixture.request(.shopify, into: destination.path, items: items))
        _ = try Export.run(fixture.request(.merchantCenter, into: destination.path, items: items))
        let csv = try String(contentsOf: destination.url("shopify-images.csv"), encoding: .utf8)
        let tsv = try String(contentsOf: destination.url("merchant-center-supplemental.tsv"), encoding: .utf8)
        let xml = try String(contentsOf: destination.url("merchant-center-supplemental.xml"), encoding: .utf8)
        #expect(csv.contains("\"https://cdn.example.com/a%20b/%C3%9Cber,1.png\""))
        #expect(tsv.contains("\thttps://cdn.example.com/a%20b/%C3%9Cber%2C1.png\n"))
        #expect(xml.contains(">https://cdn.example.com/a%20b/%C3%9Cber%2C1.png</g:additional_image_link>"))
    }

    @Test(arguments: [
        ("166", true), ("Apparel & Accessories > Clothing", true), ("  apparel & accessories", true),
        ("1668", false), ("Home & Garden", false), ("", false),
    ])
    func apparelComesFromGooglesProductCategory(category: String, apparel: Bool) {
        #expect(ExportProduct(Product(id: "p", googleProductCategory: category)).isApparel == apparel)
    }

    @Test func aShopifyHandleOrAmazonSKUOtherThanTheProductIDIsUsed() throws {
        let fixture = try ExportFixture(images: [
            ExportFixture.Image(productID: "Q-1", title: "Mug", scene: "marble", width: 1000, height: 1000)
        ])
        let destination = try TemporaryDirectory()
        var request = fixture.request(.shopify, into: destination.path)
        request.products = ["Q-1": ExportProduct(handle: "classic-mug", sku: "MUG-12OZ")]
        _ = try Export.run(request)
        request.format = .amazon
        _ = try Export.run(request)
        let csv = try String(contentsOf: destination.url("shopify-images.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\r\n").dropFirst().allSatisfy { $0.hasPrefix("classic-mug,Mug,") })
        let folder = try FileManager.default.contentsOfDirectory(atPath: destination.url("amazon-images").path)
        #expect(folder == ["MUG-12OZ.PT01.jpg"])
    }

    @Test func anUnwritableDestinationIsATypedErrorThatSaysWhatToDo() throws {
        let fixture = try ExportFixture(images: [])
        let blocker = try TemporaryDirectory()
        try blocker.write("a file, not a folder", to: "taken")
        let request = fixture.request(.csv, into: blocker.url("taken/exports").path)
        #expect {
            try Export.run(request)
        } throws: { error in
            guard case .cannotCreateDestination = error as? ExportError else { return false }
            return String(describing: error).contains("choose a writable folder")
        }
    }
}
