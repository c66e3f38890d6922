import CatalogModel
import Foundation

/// The API key read from the file `api.key_file` names (a secret mount), checked the way ssh
/// checks a private key: the file must hold exactly one token that can be an API key, and must
/// not be readable by every user of the machine. A path to the wrong file (`/etc/hostname`, a config file) is
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
        permissionWarning = try Self.checkPermissions(of: path)
        self.key = key
    }

    /// At most `maximumBytes` of a regular file: a pipe or a device is refused, not waited on.
    private static func read(_ path: String) throws(APIKeyFileError) -> [UInt8] {
        do {
            return try BoundedFile.read(path, limit: maximumBytes)
        } catch .tooLarge {
            throw APIKeyFileError(path: path, problem: .tooLarge)
        } catch {
            throw APIKeyFileError(path: path, problem: .unreadable)
        }
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
        if token.containsControlCharacter {
            throw APIKeyFileError(path: path, problem: .controlCharacters)
        }
        guard scalars.allSatisfy({ (0x21...0x7E).contains($0.value) }), scalars.count >= minimumKeyLength else {
            throw APIKeyFileError(path: path, problem: .notAKey)
        }
        return token
    }

    /// The file's permission bits, if it can be examined.
    static func mode(of path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o777
    }

    /// ssh's rule, in two steps. Readable by every user of the machine (`/etc/hostname`, a
    /// config file, a secret mounted with Kubernetes' default 0644): refused, as ssh ignores such
    /// a private key; that also stops a long hostname that looks like a key. Readable by the
    /// group only (a secret shared through `fsGroup` at 0440): used, with a warning.
    static func checkPermissions(of path: String) throws(APIKeyFileError) -> String? {
        guard let mode = mode(of: path), mode & 0o077 != 0 else { return nil }
        if mode & 0o004 != 0 { throw APIKeyFileError(path: path, problem: .readableByEveryone(mode: octal(mode))) }
        return "permissions \(octal(mode)) for the API key file \(path) (api.key_file) let its group read the key; "
            + "run `chmod 600 \(path)` unless the group is meant to"
    }

    static func octal(_ mode: mode_t) -> String { "0" + String(mode, radix: 8) }
}

/// The API key file named in the spec cannot be used: which file, and what is wrong with it
/// (never what it holds).
public struct APIKeyFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Problem: Sendable, Equatable {
        case unreadable, tooLarge, notText, empty
        case severalLines(Int)
        case whitespaceInside, controlCharacters, notAKey
        case readableByEveryone(mode: String)
    }

    public var path: String
    public var problem: Problem

    public var description: String {
        "cannot use \(path) as the API key file (api.key_file): \(reason); "
            + "put the key alone on one line in a file only you can read (`chmod 600`), or set EVOLINK_API_KEY"
    }

    private var reason: String {
        switch problem {
        case .unreadable: "the file is missing, unreadable, or not a regular file (a directory, a pipe, a device)"
        case .tooLarge: "it is larger than \(APIKeyFile.maximumBytes) bytes, so it is not a key file"
        case .notText: "it is not UTF-8 text"
        case .empty: "it is empty"
        case .severalLines(let count): "it holds \(count) non-empty lines, not one"
        case .whitespaceInside: "the key has whitespace inside it"
        case .controlCharacters: "the key has control characters in it"
        case .notAKey:
            "its line cannot be an API key (a key is at least \(APIKeyFile.minimumKeyLength) printable ASCII "
                + "characters without spaces)"
        case .readableByEveryone(let mode):
            "its permissions \(mode) let every user of this machine read it, so it is not a secret "
                + "(run `chmod 600 \(path)`; for a Kubernetes secret, set `defaultMode: 0400`)"
        }
    }
}
