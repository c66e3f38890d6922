import CatalogModel
import Testing

struct VariantTests {
    @Test func idAndTemplateValues() {
        let variant = Variant(options: [
            VariantOption(axis: "background", id: "marble", fields: ["text": "on marble"]),
            VariantOption(axis: "season", id: "winter", fields: ["text": "with snow"]),
        ])
        #expect(variant.id == "background=marble,season=winter")
        #expect(variant.templateValue(named: "background.text") == "on marble")
        #expect(variant.templateValue(named: "season.id") == "winter")
        #expect(variant.templateValue(named: "season.colour") == nil)
        #expect(variant.templateValue(named: "title") == nil)
    }

    @Test func productTemplateValues() {
        let product = Product(id: "A", title: "Mug", brand: "", attributes: ["color": "red"])
        #expect(product.templateValue(named: "title") == "Mug")
        #expect(product.templateValue(named: "brand") == "")
        #expect(product.templateValue(named: "attributes.color") == "red")
        #expect(product.templateValue(named: "attributes.size") == nil)
        #expect(product.templateValue(named: "titel") == nil)
    }

    @Test func storageKeysCannotCollideThroughSeparators() {
        let a = JobKey(productID: "a|b", variantID: "c")
        let b = JobKey(productID: "a", variantID: "b|c")
        #expect(a.storageKey != b.storageKey)
    }
}
