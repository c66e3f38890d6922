import CatalogModel
import CatalogTestSupport
import Foundation
import Testing

@testable import ImageService

/// The hand-written JSON reader behind every task read: what it accepts must match RFC 8259
/// (and `JSONSerialization`) exactly, and hostile bodies get an error, never a crash.
struct JSONValueTests {
    @Test func readsEveryKindOfValue() throws {
        let text = #" {"a": [1, -2.5e3, 0, true, false, null], "s": "q\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00", "o": {}} "#
        let value = try JSONValue.parse(Array(text.utf8))
        #expect(value["a"] == .array([.number(1), .number(-2500), .number(0), .bool(true), .bool(false), .null]))
        #expect(value["s"] == .string("q\"\\/\u{8}\u{c}\n\r\té😀"))
        #expect(value["o"] == .object([]))
        #expect(value["missing"] == nil)
    }

    @Test func aRepeatedNameKeepsItsLastValue() throws {
        #expect(try JSONValue.parse(Array(#"{"id":"a","id":"b"}"#.utf8))["id"] == .string("b"))
    }

    /// None of these is JSON (RFC 8259; Foundation's reader tolerates the trailing commas): the
    /// reader must refuse each with an error, not trap and not guess.
    @Test(
        arguments: [
            "", " ", "{", "}", "[", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[1 2]", "01", "-", "1.", ".5", "1e",
            "+1", "NaN", "Infinity", "tru", "nul", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\ud800\\u0041\"",
            "\"\u{01}\"", "{} {}", "[1]]", "1e999", "\"\\", "{\"a\":",
        ])
    func refusesMalformedDocuments(_ text: String) {
        #expect(throws: JSONValue.SyntaxError.self) { try JSONValue.parse(Array(text.utf8)) }
    }

    @Test func refusesInvalidUTF8InStrings() {
        #expect(throws: JSONValue.SyntaxError.self) { try JSONValue.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONValue.SyntaxError.self) { try JSONValue.parse([0x22, 0x5C, 0x6E, 0xFF, 0x22]) }
    }

    @Test func capsNestingInsteadOfExhaustingTheStack() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONValue.SyntaxError.self) { try JSONValue.parse(Array(deep.utf8)) }
        let allowed =
            String(repeating: "[", count: JSONValue.maxDepth) + String(repeating: "]", count: JSONValue.maxDepth)
        #expect(throws: Never.self) { try JSONValue.parse(Array(allowed.utf8)) }
    }

    /// Random truncations and byte flips of a real task answer: each parses or fails cleanly,
    /// and the reader agrees with `JSONSerialization` on which are valid (the seed makes no trailing
    /// comma, the one thing Foundation accepts and RFC 8259 does not).
    @Test func survivesTruncatedAndCorruptedTaskAnswers() {
        let task = Array(
            #"{"id":"task-unified-1","status":"completed","progress":100,"results":["https://r.test/a.png"],"task_info":{"can_cancel":false},"usage":{"credits_reserved":12.6}}"#
                .utf8)
        var random = SeededRandom(seed: 7)
        for length in 0..<task.count {
            let prefix = Array(task[..<length])
            #expect((try? JSONValue.parse(prefix)) == nil, "a truncated document parsed: \(length) bytes")
        }
        for _ in 0..<2_000 {
            var corrupted = task
            corrupted[Int.random(in: 0..<task.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            let ours = try? JSONValue.parse(corrupted)
            let foundation = try? JSONSerialization.jsonObject(with: Data(corrupted))
            #expect((ours == nil) == (foundation == nil), "disagree on \(String(decoding: corrupted, as: UTF8.self))")
        }
    }
}

/// What the client makes of task answers read through `JSONValue`: lenient about what is
/// missing, strict about what has the wrong type.
struct TaskAnswerTests {
    func read(_ json: String) async throws -> TaskSnapshot {
        let client = EvoLinkClient.make(
            configuration: .init(apiBaseURL: "https://api.test"), apiKey: nil,
            transport: ScriptedTransport(status: 200, json: json))
        return try await client.task(id: "task-unified-1")
    }

    @Test func readsAFailedTaskWithANumericCodeAndWholeFloatProgress() async throws {
        let snapshot = try await read(
            #"{"id":"task-unified-1","status":"failed","progress":50.0,"error":{"code":500,"message":"boom"},"usage":{"credits_reserved":3.5},"task_info":{"estimated_time":12}}"#
        )
        #expect(snapshot.status == .failed)
        #expect(snapshot.progress == 50)
        #expect(snapshot.errorCode == "500")
        #expect(snapshot.errorMessage == "boom")
        #expect(snapshot.creditsReserved == 3.5)
        #expect(snapshot.estimatedSeconds == 12)
    }

    @Test func missingAndNullMembersAreDefaults() async throws {
        let snapshot = try await read(#"{"id":"task-unified-1","status":null,"results":null,"error":null}"#)
        #expect(snapshot.status == .pending)
        #expect(snapshot.results.isEmpty)
        #expect(snapshot.errorCode == nil)
    }

    @Test(
        arguments: [
            #"{"id":"task-unified-1","status":3}"#, #"{"id":"task-unified-1","progress":12.5}"#,
            #"{"id":"task-unified-1","results":"https://r.test/a.png"}"#, #"{"id":"task-unified-1","results":[1]}"#,
            #"{"id":"task-unified-1","error":{"code":true}}"#,
            #"{"id":"task-unified-1","usage":{"credits_reserved":"1"}}"#,
            #"{"id":"task-unified-1","task_info":[]}"#, #"{"id":""}"#, #"{"status":"completed"}"#,
            #"["task-unified-1"]"#,
            #"{"id":"task-unified-1","#, "<html>busy</html>",
        ])
    func answersOfTheWrongShapeAreMalformed(_ json: String) async {
        await #expect {
            _ = try await read(json)
        } throws: { error in
            (error as? ImageServiceError)?.code == "malformed_response"
        }
    }
}
