import Foundation

/// The API key read from the file `api.key_file` names (a secret mount), checked the way ssh
/// checks a private key: the file must hold exactly one token that can be an API key, and should
/// be readable by its owner alone. A path to the wrong file (`/etc/hostname`, a config file) is
/// refused before its first line is sent anywhere as a bearer key.
public struct APIKeyFile: Sendable {
    /// Keys are at least this long; anything shorter is some other file's line.
    public static let minimumKeyLength = 20
    /// A key file is a line; a bigger one (or a device such as `/dev/zero`) is not read whole.
    static let maximumBytes = 4096

    public let key: APIKey
    /// Set when the file is readable by its group or others: say so, as ssh does.
    public let permissionWarning: String?

    /// Reads and checks `path`. Errors name the file and what is wrong with it, never its content.
    public init(path: String) throws(APIKeyFileError) {
        let content = try Self.read(path)
        let token = try Self.token(in: content, path: path)
        guard let key = APIKey(token) else { throw APIKeyFileError(path: path, problem: .empty) }
        self.key = key
        permissionWarning = Self.permissionWarning(for: path)
    }

    private static func read(_ path: String) throws(APIKeyFileError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let handle = FileHandle(forReadingAtPath: path)
        else { throw APIKeyFileError(path: path, problem: .unreadable) }
        defer { try? handle.close() }
        let data: Data
        do {
            // `nil` at the end of the file: an empty file.
            data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
        } catch {
            throw APIKeyFileError(path: path, problem: .unreadable)
        }
        guard data.count <= maximumBytes else { throw APIKeyFileError(path: path, problem: .tooLarge) }
        return [UInt8](data)
    }

    /// The one non-empty line, trimmed of surrounding whitespace, if it can be a key.
    static func token(in content: [UInt8], path: String) throws(APIKeyFileError) -> String {
        guard let text = String(validating: content, as: UTF8.self) else {
            throw APIKeyFileError(path: path, problem: .notText)
        }
        let lines = text.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r\n" }
            .map { $0.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\r"))) }
            .filter { !$0.isEmpty }
        guard let token = lines.first else { throw APIKeyFileError(path: path, problem: .empty) }
        guard lines.count == 1 else { throw APIKeyFileError(path: path, problem: .severalLines(lines.count)) }
        let scalars = token.unicodeScalars
        if scalars.contains(where: { $0.properties.isWhitespace }) {
            throw APIKeyFileError(path: path, problem: .whitespaceInside)
        }
        if scalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            throw APIKeyFileError(path: path, problem: .controlCharacters)
        }
        guard scalars.allSatisfy({ (0x21...0x7E).contains($0.value) }), scalars.count >= minimumKeyLength else {
            throw APIKeyFileError(path: path, problem: .notAKey)
        }
        return token
    }

    /// ssh's rule: a secret readable by group or others is too open.
    static func permissionWarning(for path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 != 0 else { return nil }
        let octal = String(mode, radix: 8)
        return "permissions 0\(octal) for the API key file \(path) (api.key_file) are too open: other users can read "
            + "the key; run `chmod 600 \(path)`"
    }
}

/// The API key file named in the spec cannot be used: which file, and what is wrong with it
/// (never what it holds).
public struct APIKeyFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Problem: Sendable, Equatable {
        case unreadable, tooLarge, notText, empty
        case severalLines(Int)
        case whitespaceInside, controlCharacters, notAKey
    }

    public var path: String
    public var problem: Problem

    public var description: String {
        "cannot use \(path) as the API key file (api.key_file): \(reason); "
            + "put the key alone on one line in a file only you can read (`chmod 600`), or set EVOLINK_API_KEY"
    }

    private var reason: String {
        switch problem {
        case .unreadable: "the file is missing, unreadable or a directory"
        case .tooLarge: "it is larger than \(APIKeyFile.maximumBytes) bytes, so it is not a key file"
        case .notText: "it is not UTF-8 text"
        case .empty: "it is empty"
        case .severalLines(let count): "it holds \(count) non-empty lines, not one"
        case .whitespaceInside: "the key has whitespace inside it"
        case .controlCharacters: "the key has control characters in it"
        case .notAKey:
            "its line cannot be an API key (a key is at least \(APIKeyFile.minimumKeyLength) printable ASCII "
                + "characters without spaces)"
        }
    }
}
