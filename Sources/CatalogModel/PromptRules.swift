/// The API's prompt limit (evolink-api.md §2.2, §2.7), shared by spec validation and the planner
/// so a prompt the API would refuse is never sent.
public enum PromptRules {
    /// The most any model takes: gpt-image-2's 32,000 code points.
    public static let maxCodePoints = 32_000

    /// The limit of `model`, counted in Unicode code points (`unicodeScalars`), not Characters:
    /// "é" written as e + combining accent is two.
    public static func maxCodePoints(model: String) -> Int {
        model == "gpt-image-2-beta" ? 2_000 : maxCodePoints
    }
}
