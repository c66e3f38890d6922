/// The JSON bodies of the EvoLink API, decoded leniently as evolink-api.md §15 recommends:
/// every block optional, `error.code` a string or an integer, unknown statuses kept.
enum EvoLinkWire {
    /// Read from a `JSONValue` (see there why), as leniently as the other bodies: any member
    /// may be missing or null, but one of the wrong type makes the whole answer unreadable.
    struct Task {
        struct Mismatch: Error {}

        var id: String
        var status: String?
        var progress: Int?
        var results: [String]?
        var errorCode: String?
        var errorMessage: String?
        var estimatedTime: Int?
        var creditsReserved: Double?
        /// What the answer says the finished task was charged (`Charge.read`), if anything.
        var charge: TaskCharge?

        init(json: JSONValue) throws(Mismatch) {
            guard case .object = json, let id = try Self.string(json["id"]) else { throw Mismatch() }
            self.id = id
            status = try Self.string(json["status"])
            progress = try Self.integer(json["progress"])
            if let results = json["results"], results != .null {
                guard case .array(let elements) = results else { throw Mismatch() }
                self.results = try elements.map { element throws(Mismatch) in
                    guard let url = try Self.string(element) else { throw Mismatch() }
                    return url
                }
            }
            if let error = try Self.object(json["error"]) {
                switch error["code"] {
                case .string(let code): errorCode = code
                case .number: errorCode = try Self.integer(error["code"]).map(String.init)
                case .null, nil: errorCode = nil
                default: throw Mismatch()
                }
                errorMessage = try Self.string(error["message"])
            }
            estimatedTime = try Self.object(json["task_info"]).flatMap { info throws(Mismatch) in
                try Self.integer(info["estimated_time"])
            }
            creditsReserved = try Self.object(json["usage"]).flatMap { usage throws(Mismatch) in
                switch usage["credits_reserved"] {
                case .number(let value): value
                case .null, nil: nil
                default: throw Mismatch()
                }
            }
            charge = Charge.read(usage: json["usage"], billing: json["billing"])
        }

        private static func string(_ value: JSONValue?) throws(Mismatch) -> String? {
            switch value {
            case .string(let text): text
            case .null, nil: nil
            default: throw Mismatch()
            }
        }

        /// Whole numbers only (`12` or `12.0`), as `JSONDecoder` reads an `Int`.
        private static func integer(_ value: JSONValue?) throws(Mismatch) -> Int? {
            switch value {
            case .number(let number):
                guard number.rounded() == number, let integer = Int(exactly: number) else { throw Mismatch() }
                return integer
            case .null, nil: return nil
            default: throw Mismatch()
            }
        }

        private static func object(_ value: JSONValue?) throws(Mismatch) -> JSONValue? {
            switch value {
            case .object: value
            case .null, nil: nil
            default: throw Mismatch()
            }
        }
    }

    struct ErrorEnvelope: Decodable {
        var error: ErrorBody
    }

    struct ErrorBody: Decodable {
        var code: FlexibleCode?
        var message: String?
        var type: String?
    }

    /// `"rate_limit_exceeded"` or `400`: both appear in EvoLink's envelopes.
    struct FlexibleCode: Decodable {
        var value: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let string = try? container.decode(String.self) {
                value = string
            } else {
                value = String(try container.decode(Int.self))
            }
        }
    }

    struct CreditsEnvelope: Decodable {
        struct Balance: Decodable {
            var remaining_credits: Double?
            var unlimited_credits: Bool?
        }

        struct Body: Decodable {
            var user: Balance?
            var token: Balance?
        }

        var success: Bool?
        var data: Body?
    }

    struct FilesEnvelope: Decodable {
        var success: Bool?
        var code: Int?
        var msg: String?
        var data: FileData?
    }

    struct FileData: Decodable {
        var file_url: String?
        var expires_at: String?
    }
}
