import Foundation

/// Whether a prompt asks for the product alone on white (a marketplace main image), which the
/// simulator then draws as a compliance check expects one: pure white around a product that
/// fills most of the frame. Every other prompt gets a coloured scene, so a check that reads the
/// simulator's images sees both outcomes offline.
enum WhiteBackgroundPrompt {
    /// The phrases that ask for white, lower-case, as prompts (and `pipelines/marketplace-white.yml`)
    /// write them. Kept in this one list so the simulator's notion of "white background" is
    /// easy to find and extend. A phrase counts only as whole words ("pure white", not "pure
    /// whitewashed oak"), in any case, with any whitespace or hyphen between its words. "On
    /// white" is left out on purpose: "a mug on white marble" is a scene.
    static let phrases = ["white background", "pure white", "white backdrop", "white seamless"]

    static func matches(_ prompt: String) -> Bool {
        let words = prompt.lowercased().split { $0.isWhitespace || $0 == "-" }.joined(separator: " ")
        return phrases.contains { containsWholeWords($0, in: words) }
    }

    /// `phrase` in `text` with no letter or digit right before or after it.
    private static func containsWholeWords(_ phrase: String, in text: String) -> Bool {
        var searchFrom = text.startIndex
        while let found = text.range(of: phrase, range: searchFrom..<text.endIndex) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            if !isWordCharacter(before), !isWordCharacter(after) { return true }
            searchFrom = text.index(after: found.lowerBound)
        }
        return false
    }

    private static func isWordCharacter(_ character: Character?) -> Bool {
        character.map { $0.isLetter || $0.isNumber } ?? false
    }
}
