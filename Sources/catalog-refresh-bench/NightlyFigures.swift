import Foundation

/// What the nightly benchmark measured at one catalog size, and how it reads against issue
/// #24's targets. The targets are set at 1,000,000 products; at other sizes a time is also shown
/// projected to 1M from its cost per product, which is what must not grow with the catalog.
struct NightlyFigures {
    var products: Int
    var variants: Int
    var jobs: Int
    var feedMegabytes: Double
    var imageFiles: Int
    /// Untimed preparation: writing the feed, building the store, the first (manifest) run.
    var feedSeconds: Double
    var storeSeconds: Double
    var firstRun: MeasuredChild
    /// The first night that finds every job current: it compares every job with the store and
    /// records every product as current (`current_products`), as the night after a run that
    /// generated them does.
    var recordingRun: MeasuredChild
    /// Every night after: products recorded current and unchanged in the feed are passed over.
    var noOpRun: MeasuredChild
    /// `plan` as a user runs it: the summary.
    var plan: MeasuredChild
    /// `plan --format json`, which lists every product to generate (all of them here).
    var planJSON: MeasuredChild
    var python: MeasuredChild

    static let targetProducts = 1_000_000
    static let noOpSecondsTarget = 10.0
    static let noOpMegabytesTarget = 256.0
    static let planSecondsTarget = 10.0
    static let planVersusPythonTarget = 5.0

    var ratio: Double { python.seconds / plan.seconds }

    func microsecondsPerProduct(_ child: MeasuredChild) -> Double { child.seconds / Double(products) * 1e6 }

    /// Seconds at 1M products, at this size's cost per product.
    func projected(_ child: MeasuredChild) -> Double {
        microsecondsPerProduct(child) * Double(Self.targetProducts) / 1e6
    }

    var lines: [String] {
        [
            String(
                format: "nightly: %d products × %d variants = %d jobs, feed %.1f MB", products, variants, jobs,
                feedMegabytes),
            String(
                format:
                    "  setup (not timed): feed %.1f s, store %.1f s (%d outputs, %d image files), "
                    + "first run (the night before's manifest) %.1f s, %.0f MB",
                feedSeconds, storeSeconds, jobs, imageFiles, firstRun.seconds, firstRun.peakMegabytes),
            line("recording:   ", recordingRun) + "  (the first no-op night: compares every job, records the products)",
            line("no-op run:   ", noOpRun) + "  " + noOpVerdict,
            line("plan (empty):", plan) + "  " + planVerdict,
            line("plan as JSON:", planJSON) + "  (lists every product to generate)",
            line("python peer: ", python),
            String(
                format: "  plan vs python: %.2f×  [target ≥ %.0f×: %@]", ratio, Self.planVersusPythonTarget,
                ratio >= Self.planVersusPythonTarget ? "met" : "NOT met"),
        ]
    }

    private func line(_ name: String, _ child: MeasuredChild) -> String {
        String(
            format: "  %@ %7.2f s (%6.2f s CPU) %8.1f MB peak %8.1f µs/product", name, child.seconds,
            child.cpuSeconds, child.peakMegabytes, microsecondsPerProduct(child))
    }

    private var atTarget: Bool { products >= Self.targetProducts }

    private var noOpVerdict: String {
        let target = String(
            format: "[1M target < %.0f s, < %.0f MB: ", Self.noOpSecondsTarget, Self.noOpMegabytesTarget)
        let met = noOpRun.seconds < Self.noOpSecondsTarget && noOpRun.peakMegabytes < Self.noOpMegabytesTarget
        if atTarget { return target + (met ? "met]" : "NOT met]") }
        let memory = noOpRun.peakMegabytes >= Self.noOpMegabytesTarget ? ", memory over already" : ""
        return target + String(format: "%.1f s projected%@]", projected(noOpRun), memory)
    }

    private var planVerdict: String {
        let target = String(format: "[1M target < %.0f s: ", Self.planSecondsTarget)
        if atTarget { return target + (plan.seconds < Self.planSecondsTarget ? "met]" : "NOT met]") }
        return target + String(format: "%.1f s projected]", projected(plan))
    }

    /// One row per size, so the cost per product can be compared down the columns.
    static func table(_ rows: [NightlyFigures]) -> [String] {
        let header =
            "products    jobs       no-op s   MB     µs/prod  plan s   MB     µs/prod  python s  MB    µs/prod  ratio"
        return [header]
            + rows.map { row in
                String(
                    format: "%-11d %-10d %7.2f %7.1f %8.1f %7.2f %7.1f %8.1f %8.2f %6.1f %8.1f %6.2f×",
                    row.products, row.jobs, row.noOpRun.seconds, row.noOpRun.peakMegabytes,
                    row.microsecondsPerProduct(row.noOpRun), row.plan.seconds, row.plan.peakMegabytes,
                    row.microsecondsPerProduct(row.plan), row.python.seconds, row.python.peakMegabytes,
                    row.microsecondsPerProduct(row.python), row.ratio)
            }
    }
}
