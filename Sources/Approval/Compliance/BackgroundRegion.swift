/// The background of an image: the pixels reachable from the border through colours near the
/// border's median (`PixelMeasurement`), found with an explicit-stack flood fill so a large
/// image cannot overflow the call stack.
struct BackgroundRegion {
    /// The border's median colour, per channel.
    let seed: [UInt8]
    private var member: [Bool]

    init(_ image: DecodedImage) {
        let width = image.width
        let height = image.height
        var border: [Int] = []
        border.reserveCapacity(2 * (width + height))
        for x in 0..<width {
            border.append(x)
            if height > 1 { border.append((height - 1) * width + x) }
        }
        for y in 1..<max(1, height - 1) {
            border.append(y * width)
            if width > 1 { border.append(y * width + width - 1) }
        }
        let rgb = image.rgb
        seed = (0..<3).map { channel in
            let values = border.map { rgb[$0 * 3 + channel] }.sorted()
            return values.isEmpty ? 255 : values[values.count / 2]
        }
        let tolerance = PixelMeasurement.backgroundTolerance
        let (r, g, b) = (Int(seed[0]), Int(seed[1]), Int(seed[2]))
        var member = [Bool](repeating: false, count: width * height)
        var stack: [Int] = []
        rgb.withUnsafeBufferPointer { rgb in
            func near(_ pixel: Int) -> Bool {
                let base = pixel * 3
                return abs(Int(rgb[base]) - r) <= tolerance && abs(Int(rgb[base + 1]) - g) <= tolerance
                    && abs(Int(rgb[base + 2]) - b) <= tolerance
            }
            for pixel in border where !member[pixel] && near(pixel) {
                member[pixel] = true
                stack.append(pixel)
            }
            func visit(_ next: Int) {
                if !member[next] && near(next) {
                    member[next] = true
                    stack.append(next)
                }
            }
            while let pixel = stack.popLast() {
                let x = pixel % width
                if x > 0 { visit(pixel - 1) }
                if x < width - 1 { visit(pixel + 1) }
                if pixel >= width { visit(pixel - width) }
                if pixel + width < width * height { visit(pixel + width) }
            }
        }
        self.member = member
    }

    func contains(_ pixel: Int) -> Bool { member[pixel] }

    /// The mask, so a conformer can recolour exactly the pixels that were measured.
    var mask: [Bool] { member }
}
