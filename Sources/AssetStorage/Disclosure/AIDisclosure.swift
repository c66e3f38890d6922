/// What every image file the project writes says about itself: that it was made by a trained
/// algorithm (IPTC `DigitalSourceType` = `trainedAlgorithmicMedia`, which Google Merchant Center
/// requires of AI-generated product images), which tool and model made it, and for which job.
///
/// It is written as an XMP packet into the file's own metadata (`XMPEmbedding`), never beside it,
/// so the disclosure travels with the file to every marketplace and CDN.
public struct AIDisclosure: Sendable, Equatable {
    public static let digitalSourceType = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
    /// The namespace of the provenance properties (`catalogrefresh:ProductID`, …).
    public static let namespace = "https://github.com/catalog-refresh/catalog-refresh/ns/1.0/"

    public var productID: String
    /// `background=marble,season=winter`.
    public var variantID: String
    public var taskID: String
    public var model: String

    public init(productID: String, variantID: String, taskID: String, model: String) {
        self.productID = productID
        self.variantID = variantID
        self.taskID = taskID
        self.model = model
    }

    /// `xmp:CreatorTool`: the tool and the model behind the pixels.
    public var creatorTool: String { "catalog-refresh, \(model) on EvoLink" }

    /// The `rdf:Description` this project adds to a packet. Self-closing, its values escaped, and
    /// opened with a fixed prefix (`XMPPacket.ownDescriptionPrefix`), so a file tagged again gets
    /// its old description replaced, not a second one.
    var description: String {
        let properties = [
            ("Iptc4xmpExt:DigitalSourceType", Self.digitalSourceType), ("xmp:CreatorTool", creatorTool),
            ("catalogrefresh:ProductID", productID), ("catalogrefresh:Variant", variantID),
            ("catalogrefresh:TaskID", taskID), ("catalogrefresh:Model", model),
        ]
        return XMPPacket.ownDescriptionPrefix
            + " xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\""
            + " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\""
            + properties.map { "\n    \($0)=\"\(XMPPacket.escaped($1))\"" }.joined() + "/>"
    }
}
