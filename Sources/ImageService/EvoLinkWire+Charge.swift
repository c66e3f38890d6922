import CatalogModel

extension EvoLinkWire {
    /// The final charge of a finished task, from fields EvoLink's own clients read but its docs
    /// do not list (evolink-api.md §4.1, §11.4): `usage.credits_used`, `usage.cost` (`credits`
    /// or `usd`; 68 credits to the dollar), or the `billing` block, which proves a charge only when
    /// it says `charged`, and a refund only when it says `released` with the refund `completed`
    /// (the CLI's rule); any other `billing` block is `unproven`. Undocumented, so read
    /// leniently: a member of an unexpected type counts as absent, rather than making a paid
    /// result unreadable.
    enum Charge {
        /// EvoLink's exchange rate (§8): charges come in credits.
        static let creditsPerUSD = 68.0

        /// `nil` when the answer says nothing about the charge.
        static func read(usage: JSONValue?, billing: JSONValue?) -> TaskCharge? {
            if let used = number(usage?["credits_used"]) { return charged(usd: used / creditsPerUSD) }
            if let cost = usage?["cost"] {
                if let credits = number(cost["credits"]) { return charged(usd: credits / creditsPerUSD) }
                if let usd = number(cost["usd"]) { return charged(usd: usd) }
            }
            guard case .object = billing else { return nil }
            switch (text(billing?["charge_status"]), text(billing?["refund_status"])) {
            case ("charged", _):
                return number(billing?["charged_credits"]).map { charged(usd: $0 / creditsPerUSD) } ?? .unproven
            case ("released", "completed"): return .charged(.zero)
            default: return .unproven
            }
        }

        /// A charge beyond any real price (over a billion dollars) proves nothing: `unproven`,
        /// never a trap converting it to micro-dollars.
        private static func charged(usd: Double) -> TaskCharge {
            (try? Money(checkedUSD: usd)).map(TaskCharge.charged) ?? .unproven
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
