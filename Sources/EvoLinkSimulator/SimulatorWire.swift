/// The simulator's own JSON types, written from evolink-api.md and deliberately not shared
/// with the client, so one side's bug cannot hide the same bug in the other.
enum SimulatorWire {
    struct GenerationRequest: Decodable, Equatable {
        var model: String?
        var prompt: String?
        var image_urls: [String]?
        var size: String?
        var resolution: String?
        var quality: String?
        var n: Int?
        var callback_url: String?
    }

    struct Task: Encodable {
        var created: Int
        var id: String
        var model: String
        var object = "image.generation.task"
        var progress: Int
        var status: String
        var results: [String]?
        var error: TaskError?
        var task_info: TaskInfo
        var type = "image"
        var usage: Usage
        var billing: Billing?
    }

    struct TaskInfo: Encodable {
        var can_cancel: Bool
        var estimated_time: Int?
    }

    struct Usage: Encodable {
        var billing_rule: String
        var credits_reserved: Double
        /// The final charge, once the task completed (a field EvoLink's clients read, §4.1).
        var credits_used: Double?
        var user_group = "default"
    }

    /// The settlement block EvoLink's CLI reads (§4.1); sent for a failed task, whose
    /// reservation is returned.
    struct Billing: Encodable {
        var refund_scope = "account_balance"
        var charge_status: String
        var refund_status: String
        var reserved_credits: Double
        var charged_credits: Double
        var refunded_credits: Double

        static func released(_ reserved: Double) -> Billing {
            Billing(
                charge_status: "released", refund_status: "completed", reserved_credits: reserved, charged_credits: 0,
                refunded_credits: reserved)
        }
    }

    struct TaskError: Encodable {
        var code: String
        var message: String
        var type = "task_error"
    }

    struct ErrorEnvelope: Encodable {
        struct Body: Encodable {
            var code: String
            var message: String
            var type: String
            var param: String?
        }

        var error: Body
    }

    struct UploadBase64: Decodable {
        var base64_data: String?
        var file_name: String?
        var upload_path: String?
    }

    struct FilesEnvelope: Encodable {
        var success: Bool
        var code: Int
        var msg: String
        var data: FileData?
    }

    struct FileData: Encodable {
        var file_id: String
        var file_name: String
        var original_name: String
        var file_size: Int
        var mime_type: String
        var upload_path: String
        var file_url: String
        var download_url: String
        var upload_time: String
        var expires_at: String
    }

    struct Credits: Encodable {
        struct Data: Encodable {
            struct Token: Encodable {
                var remaining_credits: Double
                var unlimited_credits: Bool
                var used_credits: Double
            }

            struct User: Encodable {
                var remaining_credits: Double
                var used_credits: Double
            }

            var token: Token
            var user: User
        }

        var data: Data
        var message = ""
        var success = true
    }

    /// Counters that say what a run really cost; see `GET /_simulator/stats`.
    struct Stats: Encodable, Equatable {
        var submissions = 0
        var replays = 0
        var tasks_completed = 0
        var tasks_failed = 0
        var credits_charged: Double = 0
        var faults_injected = 0
        var max_paid_submissions_per_key = 0
        var rate_limited = 0
        var uploads = 0
        var downloads = 0
        /// How long finished tasks waited for the read that reported them (simulated seconds,
        /// summed), and how many were reported: the lag a client's reads add to each task.
        var finish_to_read_seconds: Double = 0
        var finishes_read = 0
        /// From each read that reported a task finished to the next new submission, oldest
        /// first (simulated seconds, summed), and how many: how long a freed slot stood idle.
        /// Meant for one run against a fresh simulator without faults (a task a client gives
        /// up on frees its slot unseen, and a later run's submissions would meet earlier reads).
        var read_to_next_submission_seconds: Double = 0
        var slots_refilled = 0
    }
}
