import PipelineSpec
import Testing

struct PromptTemplateTests {
    let values = ["title": "Mug", "brand": "Kiln", "empty": "", "background.text": "on marble"]

    func render(_ source: String) throws -> String {
        try PromptTemplate(source).render { values[$0] }
    }

    @Test func variablesAndSectionsRenderAsPlainText() throws {
        #expect(try render("{{title}} by {{brand}}, {{background.text}}") == "Mug by Kiln, on marble")
        #expect(try render("{{title}}{{#brand}} by {{brand}}{{/brand}}") == "Mug by Kiln")
        #expect(
            try render("{{title}}{{#empty}} by {{empty}}{{/empty}}{{^empty}} (no brand){{/empty}}") == "Mug (no brand)")
        #expect(try render("{{! a comment }}{{ title }}") == "Mug")
        // No HTML escaping: prompts are text.
        #expect(try PromptTemplate("{{title}}").render { _ in "A & B <c>" } == "A & B <c>")
    }

    @Test func missingOrEmptyValuesAreErrorsNeverEmptyText() {
        #expect(throws: TemplateRenderError(name: "colour", isEmpty: false)) { try render("{{colour}}") }
        #expect(throws: TemplateRenderError(name: "empty", isEmpty: true)) { try render("x {{empty}}") }
    }

    @Test(arguments: ["{{title", "{{#a}}x", "{{/a}}", "{{#a}}{{/b}}", "{{{title}}}", "{{}}", "{{a b}}", "{{.x}}"])
    func malformedTemplatesAreRejected(source: String) {
        #expect(throws: TemplateSyntaxError.self) { try PromptTemplate(source) }
    }

    @Test func namesListsEveryReference() throws {
        #expect(try PromptTemplate("{{a}} {{#b}}{{c}}{{/b}} {{a}}").names == ["a", "b", "c"])
    }
}
