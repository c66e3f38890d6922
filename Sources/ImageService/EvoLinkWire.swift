/// The JSON bodies of the EvoLink API, decoded leniently as evolink-api.md §15 recommends:
/// every block optional, `error.code` a string or an integer, unknown statuses kept.
enum EvoLinkWire {
    struct GenerationBody: Encodable {
        var model: String
        var prompt: String
        var image_urls: [String]?
        var size: String
        var resolution: String?
        var quality: String?
        var n: Int?
    }

    struct Task: Decodable {
        var id: String
        var status: String?
        var progress: Int?
        var results: [String]?
        var error: ErrorBody?
        var task_info: TaskInfo?
        var usage: Usage?
    }

    struct TaskInfo: Decodable {
        var can_cancel: Bool?
        var estimated_time: Int?
    }

    struct Usage: Decodable {
        var credits_reserved: Double?
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

    struct UploadBase64Body: Encodable {
        var base64_data: String
        var file_name: String
        var upload_path: String
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
