extension EvoLinkWire {
    /// The final charge of a finished task, from fields EvoLink's own clients read but its docs
    /// do not list (evolink-api.md §4.1, §11.4): `usage.credits_used`, `usage.cost` (`credits`,
    /// or `usd` at 68 credits per USD), or the `billing` block, which proves a charge only when
    /// it says `charged`, and a refund only when it says `released` with the refund `completed`
    /// (the CLI's rule). Undocumented, so read leniently: a member of an unexpected type counts
    /// as absent and the estimate stands, rather than making a paid result unreadable.
    enum Charge {
        static let creditsPerUSD = 68.0

        static func credits(usage: JSONValue?, billing: JSONValue?) -> Double? {
            if let used = number(usage?["credits_used"]) { return used }
            if let cost = usage?["cost"] {
                if let credits = number(cost["credits"]) { return credits }
                if let usd = number(cost["usd"]) { return usd * creditsPerUSD }
            }
            switch (text(billing?["charge_status"]), text(billing?["refund_status"])) {
            case ("charged", _): return number(billing?["charged_credits"])
            case ("released", "completed"): return 0
            default: return nil
            }
        }

        private static func number(_ value: JSONValue?) -> Double? {
            guard case .number(let number) = value, number.isFinite, number >= 0 else { return nil }
            return number
        }

        private static func text(_ value: JSONValue?) -> String? {
            guard case .string(let text) = value else { return nil }
            return text
        }
    }
}
