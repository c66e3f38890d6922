import CatalogModel
import PipelineSpec
import Testing

/// A template bound once per variant renders, for every product, exactly what the template
/// renders with the same names looked up one by one: text, values, sections and errors alike.
struct BoundTemplateTests {
    /// The variant's own values, fixed when the template is bound.
    let variantValues: [String: String] = ["background.text": "on marble", "background.id": "marble", "blank.x": ""]

    func source(_ name: String) -> TemplateValueSource {
        if let field = Product.Field(rawValue: name) { return .field(field) }
        if name.hasPrefix("attributes.") {
            return .attribute(String(name.dropFirst("attributes.".count)), otherwise: variantValues[name] ?? "")
        }
        return .constant(variantValues[name])
    }

    /// What `source` means, looked up name by name: the reference the bound template must match.
    func lookup(_ name: String, in product: Product) -> String? {
        switch source(name) {
        case .constant(let value): value
        case .field(let field): product[field]
        case .attribute(let key, let otherwise): product.attributes[key] ?? otherwise
        }
    }

    static let templates = [
        "{{title}} by {{brand}}, {{background.text}}.",
        "{{background.text}}{{background.id}} {{title}}",
        "{{#brand}}by {{brand}} {{/brand}}{{^brand}}unbranded {{/brand}}{{background.text}}",
        "{{#background.text}}A {{title}}{{/background.text}}{{^background.text}}never{{/background.text}}!",
        "{{#blank.x}}hidden {{title}}{{/blank.x}}{{^blank.x}}shown {{title}}{{/blank.x}}",
        "{{#brand}}{{#background.id}}{{brand}}/{{background.id}}{{/background.id}}{{/brand}} {{attributes.style}}",
        "{{title}} {{attributes.style}} {{attributes.absent}}end",
        "{{title}} {{blank.x}}",
        "{{title}} {{nowhere}} {{brand}}",
        "{{brand}} first, then {{nowhere}}",
        "{{! note }}plain text only",
        "",
    ]

    static let products = [
        Product(id: "1", title: "Mug", brand: "Kiln", attributes: ["style": "rustic"]),
        Product(id: "2", title: "Bowl", brand: ""),
        Product(id: "3", title: "", brand: "Kiln", attributes: ["style": ""]),
    ]

    @Test(arguments: templates)
    func rendersWhatTheTemplateRendersForEveryProduct(source template: String) throws {
        let template = try PromptTemplate(template)
        let bound = BoundTemplate(template, source: source)
        for product in Self.products {
            let expected = Result { () throws(TemplateRenderError) in try template.render { lookup($0, in: product) } }
            let rendered = Result { () throws(TemplateRenderError) in try bound.render(for: product) }
            #expect(rendered == expected, "product \(product.id)")
        }
    }

    @Test func constantsAreLookedUpOnceWhenBound() throws {
        var asked: [String] = []
        let template = try PromptTemplate("{{background.text}} {{title}} {{background.text}}")
        let bound = BoundTemplate(template) { name in
            asked.append(name)
            return source(name)
        }
        #expect(asked == ["background.text", "title", "background.text"])
        #expect(try bound.render(for: Product(id: "1", title: "Mug")) == "on marble Mug on marble")
        #expect(try bound.render(for: Product(id: "2", title: "Vase")) == "on marble Vase on marble")
    }

    /// What a plan hashes: the rendering's bytes appended to what the buffer holds, and nothing
    /// left behind by a rendering that throws part way.
    @Test(arguments: templates)
    func appendsTheRenderingsBytesAndNothingWhenItThrows(source template: String) throws {
        let bound = BoundTemplate(try PromptTemplate(template), source: source)
        for product in Self.products {
            var buffer = Array("kept:".utf8)
            do {
                try bound.render(for: product, appendingTo: &buffer)
                #expect(buffer == Array(("kept:" + (try bound.render(for: product))).utf8), "product \(product.id)")
            } catch {
                #expect(buffer == Array("kept:".utf8), "product \(product.id)")
            }
        }
    }

    @Test func nonASCIIValuesAreAppendedAsTheirUTF8() throws {
        let bound = BoundTemplate(try PromptTemplate("«{{title}}» {{brand}}"), source: source)
        var buffer: [UInt8] = []
        try bound.render(for: Product(id: "1", title: "Théière 🫖", brand: "Kiln"), appendingTo: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "«Théière 🫖» Kiln")
    }
}
