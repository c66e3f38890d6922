import Testing

@testable import EvoLinkSimulator

/// A result PNG decoded, with what the white-background tests measure on it: the colours along
/// its border, the box of pixels that differ from the background, and what a main-image
/// compliance check would measure.
struct RenderedImage {
    let image: RasterImage

    init(_ png: [UInt8]?) throws {
        image = try #require(png.flatMap(PNGCodec.decodeRGBA))
    }

    var width: Int { image.width }
    var height: Int { image.height }

    func rgb(_ x: Int, _ y: Int) -> [UInt8] {
        let index = (y * width + x) * 4
        return Array(image.pixels[index..<index + 3])
    }

    /// Every colour on the four border rows and columns.
    var borderColours: Set<[UInt8]> {
        var colours = Set<[UInt8]>()
        for x in 0..<width {
            colours.insert(rgb(x, 0))
            colours.insert(rgb(x, height - 1))
        }
        for y in 0..<height {
            colours.insert(rgb(0, y))
            colours.insert(rgb(width - 1, y))
        }
        return colours
    }

    /// Pixels with both corners included.
    struct Box: Equatable {
        var minX, minY, maxX, maxY: Int
        var width: Int { maxX - minX + 1 }
        var height: Int { maxY - minY + 1 }
    }

    /// The bounding box of the pixels that are not exactly `background`.
    func box(notMatching background: [UInt8]) -> Box? {
        image.pixels.withUnsafeBufferPointer { pixels in
            box { index in
                pixels[index * 4] != background[0] || pixels[index * 4 + 1] != background[1]
                    || pixels[index * 4 + 2] != background[2]
            }
        }
    }

    /// The bounding box of the pixels (by index) that `isProduct` accepts.
    func box(where isProduct: (Int) -> Bool) -> Box? {
        var minX = width, minY = height, maxX = -1, maxY = -1
        for y in 0..<height {
            for x in 0..<width where isProduct(y * width + x) {
                minX = min(minX, x)
                maxX = max(maxX, x)
                minY = min(minY, y)
                maxY = max(maxY, y)
            }
        }
        return maxX < 0 ? nil : Box(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
    }

    /// The box's share of the width or of the height, whichever is larger.
    func fill(_ box: Box) -> Double {
        max(Double(box.width) / Double(width), Double(box.height) / Double(height))
    }

    /// How far (in pixels) the box is from the middle of the frame: the larger difference
    /// between its left and right, or top and bottom, margins.
    func offCentre(_ box: Box) -> Int {
        max(abs(box.minX - (width - 1 - box.maxX)), abs(box.minY - (height - 1 - box.maxY)))
    }

    /// What a main-image compliance check measures (as `PixelMeasurement` in Approval does,
    /// restated so these tests need no dependency on it): the background is the pixels
    /// 4-connected to the border within 24 levels per channel of the border's median colour;
    /// `whiteShare` is the share of it with every channel at 252 or above; `fill` is the box of
    /// everything else as a share of the width or height, whichever is larger.
    func complianceMeasurement() -> (whiteShare: Double, fill: Double) {
        let median = (0..<3).map { channel in
            let values = borderPixels.map { rgb($0.x, $0.y)[channel] }.sorted()
            return Int(values[values.count / 2])
        }
        var background = [Bool](repeating: false, count: width * height)
        var stack = borderPixels.map { $0.y * width + $0.x }
        image.pixels.withUnsafeBufferPointer { pixels in
            while let index = stack.popLast() {
                guard !background[index], abs(Int(pixels[index * 4]) - median[0]) <= 24,
                    abs(Int(pixels[index * 4 + 1]) - median[1]) <= 24, abs(Int(pixels[index * 4 + 2]) - median[2]) <= 24
                else { continue }
                background[index] = true
                let x = index % width
                let y = index / width
                if x > 0 { stack.append(index - 1) }
                if x < width - 1 { stack.append(index + 1) }
                if y > 0 { stack.append(index - width) }
                if y < height - 1 { stack.append(index + width) }
            }
        }
        var backgroundCount = 0
        var white = 0
        image.pixels.withUnsafeBufferPointer { pixels in
            for index in 0..<width * height where background[index] {
                backgroundCount += 1
                if min(pixels[index * 4], pixels[index * 4 + 1], pixels[index * 4 + 2]) >= 252 { white += 1 }
            }
        }
        let product = box { !background[$0] }
        return (
            backgroundCount == 0 ? 0 : Double(white) / Double(backgroundCount), product.map(fill) ?? 0
        )
    }

    private var borderPixels: [(x: Int, y: Int)] {
        (0..<width).flatMap { [($0, 0), ($0, height - 1)] } + (0..<height).flatMap { [(0, $0), (width - 1, $0)] }
    }
}
