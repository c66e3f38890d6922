/// The background of an image: the pixels reachable from the border through colours near the
/// border's median (`PixelMeasurement`), found with a scanline flood fill: each run of a row is
/// filled at once and only the first pixel of each run above and below is pushed, so the stack
/// stays near the image's height (not its pixel count) and nothing recurses.
struct BackgroundRegion {
    /// The border's median colour, per channel.
    let seed: [UInt8]
    private let member: [Bool]

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
        var member = [Bool](repeating: false, count: width * height)
        let colour = (Int(seed[0]), Int(seed[1]), Int(seed[2]))
        member.withUnsafeMutableBufferPointer { member in
            rgb.withUnsafeBufferPointer { rgb in
                Self.fill(member, rgb: rgb, width: width, height: height, colour: colour, from: border)
            }
        }
        self.member = member
    }

    private static func fill(
        _ member: UnsafeMutableBufferPointer<Bool>, rgb: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
        colour: (Int, Int, Int), from border: [Int]
    ) {
        let tolerance = PixelMeasurement.backgroundTolerance
        func near(_ pixel: Int) -> Bool {
            let base = pixel * 3
            return abs(Int(rgb[base]) - colour.0) <= tolerance && abs(Int(rgb[base + 1]) - colour.1) <= tolerance
                && abs(Int(rgb[base + 2]) - colour.2) <= tolerance
        }
        var stack = border.filter(near)
        while let start = stack.popLast() {
            if member[start] { continue }
            let rowStart = start - start % width
            var left = start
            while left > rowStart && !member[left - 1] && near(left - 1) { left -= 1 }
            var right = start
            while right < rowStart + width - 1 && !member[right + 1] && near(right + 1) { right += 1 }
            for pixel in left...right { member[pixel] = true }
            // The first pixel of each background run touching this one, above and below.
            for offset in [-width, width] {
                let neighbourStart = rowStart + offset
                guard neighbourStart >= 0 && neighbourStart < width * height else { continue }
                var inRun = false
                for pixel in (left + offset)...(right + offset) {
                    if !member[pixel] && near(pixel) {
                        if !inRun { stack.append(pixel) }
                        inRun = true
                    } else {
                        inRun = false
                    }
                }
            }
        }
    }

    /// The mask, a pixel per entry, row by row: what was measured (and what a conformer
    /// recolours).
    func withMask<T>(_ body: (UnsafeBufferPointer<Bool>) throws -> T) rethrows -> T {
        try member.withUnsafeBufferPointer(body)
    }

    func contains(_ pixel: Int) -> Bool { member[pixel] }

    /// The bounding box of everything that is not background (the product, shadow included),
    /// or `nil` when there is none.
    func productBox(width: Int, height: Int) -> (minX: Int, minY: Int, maxX: Int, maxY: Int)? {
        var box = (minX: width, minY: height, maxX: -1, maxY: -1)
        withMask { mask in
            for y in 0..<height {
                let row = y * width
                guard let first = (0..<width).first(where: { !mask[row + $0] }) else { continue }
                let last = (0..<width).last { !mask[row + $0] } ?? first
                box = (min(box.minX, first), min(box.minY, y), max(box.maxX, last), max(box.maxY, y))
            }
        }
        return box.maxX < 0 ? nil : box
    }
}
