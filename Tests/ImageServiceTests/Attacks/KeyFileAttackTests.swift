import CatalogTestSupport
import Foundation
import ImageService
import Testing

/// `api.key_file` pointing at the wrong file, or at a key file others can read.
@Suite("Key file attacks")
struct KeyFileAttackTests {
    static let key = FakeAPIKey.plain

    /// The files live as long as the test's `directory`.
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func keyFile(_ content: String, mode: Int = 0o600) throws -> String {
        let path = try directory.write(content, to: "key.txt")
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test(arguments: ["\(key)", "\(key)\n", "  \(key)  \n", "\n\n\t\(key)\r\n\n", "\(key)\r\n"])
    func oneTokenWithSurroundingWhitespaceIsTheKey(content: String) throws {
        let path = try keyFile(content)
        let file = try APIKeyFile(path: path)
        #expect(file.key.secret == Self.key)
        #expect(file.permissionWarning == nil)
    }

    /// #20 item 11: a key file its group can read is used with ssh's warning: the file, its
    /// mode, and `chmod 600 <file>`; on main it was read silently.
    @Test(arguments: [0o640, 0o660, 0o440])
    func aKeyFileItsGroupCanReadIsWarnedAbout(mode: Int) throws {
        let path = try keyFile(Self.key + "\n", mode: mode)
        let warning = try #require(try APIKeyFile(path: path).permissionWarning)
        #expect(warning.contains(path) && warning.contains("0\(String(mode, radix: 8))"))
        #expect(warning.contains("chmod 600 \(path)"))
        #expect(!warning.contains(Self.key))
    }

    /// #20 item 11: a file every user can read is no secret, however key-like its one line: a
    /// cloud hostname from `/etc/hostname` (0644) passes every shape check, and on main it was
    /// sent as the bearer key.
    @Test(arguments: [
        ("ip-172-31-22-107.ec2.internal\n", 0o644), ("catalog-refresh-28573920-x7k2p\n", 0o644),
        ("\(key)\n", 0o604), ("\(key)\n", 0o666),
    ])
    func aFileEveryoneCanReadIsRefused(content: String, mode: Int) throws {
        let path = try keyFile(content, mode: mode)
        let error = #expect(throws: APIKeyFileError.self) { try APIKeyFile(path: path) }
        let description = error?.description ?? ""
        #expect(description.contains("permissions 0\(String(mode, radix: 8)) let every user"), "\(description)")
        #expect(description.contains("chmod 600 \(path)"))
        #expect(!description.contains(content.trimmingCharacters(in: .newlines)))
    }

    /// #20 item 11: files that are not one API key, named with what is wrong and never quoted; on
    /// main each one's first line (`myhost` from `/etc/hostname`, half of a two-line file) was sent
    /// as the bearer key.
    @Test(arguments: [
        ("", "it is empty"), ("\n  \n\t\n", "it is empty"),
        ("\(key)\nsecond-line-0123456789abc\n", "2 non-empty lines"),
        ("myhost\n", "cannot be an API key"), ("fake-key 0123456789abcdefghij\n", "whitespace inside"),
        ("fake-key-\u{1B}[2J0123456789abcdefghij\n", "control characters"),
        ("fake-key-\u{0}0123456789abcdefghij\n", "control characters"),
        ("fake-key-ünïcode-0123456789abcdefghij\n", "cannot be an API key"),
    ])
    func aFileThatIsNotOneKeyIsRefused(content: String, problem: String) throws {
        let path = try keyFile(content)
        let error = #expect(throws: APIKeyFileError.self) { try APIKeyFile(path: path) }
        let description = error?.description ?? ""
        #expect(description.contains(path) && description.contains(problem), "\(description)")
        #expect(description.contains("api.key_file"))
        for line in content.split(whereSeparator: \.isNewline) where line.count > 3 {
            #expect(!description.contains(line.trimmingCharacters(in: .whitespaces)))
        }
    }

    /// #20 item 11: a missing file, a directory, a device, a pipe with no writer (which a plain
    /// open waits on for ever) and an oversized file are refused without reading them whole.
    @Test func aMissingFileADirectoryADeviceAPipeAndABigFileAreRefused() throws {
        let directory = try TemporaryDirectory()
        let pipe = directory.url("pipe").path
        #expect(mkfifo(pipe, 0o600) == 0)
        let big = try keyFile(String(repeating: "k", count: 5000))
        for (path, problem) in [
            (directory.url("nope").path, "not a regular file"), (directory.path, "not a regular file"),
            ("/dev/zero", "not a regular file"), (pipe, "not a regular file"), (big, "larger than 4096 bytes"),
        ] {
            let error = #expect(throws: APIKeyFileError.self) { try APIKeyFile(path: path) }
            #expect(error?.description.contains(problem) == true, "\(error?.description ?? "")")
        }
    }
}
