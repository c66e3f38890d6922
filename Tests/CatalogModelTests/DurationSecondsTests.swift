import CatalogModel
import Testing

struct DurationSecondsTests {
    @Test func secondsKeepTheFraction() {
        #expect(Duration.milliseconds(1500).seconds == 1.5)
        #expect(Duration.seconds(90).seconds == 90)
        #expect(Duration.zero.seconds == 0)
        #expect(abs(Duration.nanoseconds(250).seconds - 2.5e-7) < 1e-18)
        #expect(Duration.milliseconds(-250).seconds == -0.25)
    }
}
