import CSQLite

/// SQLite wants `SQLITE_TRANSIENT` (-1) to copy bound text; the C macro is not importable.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A value that binds to a `?` parameter.
enum SQLiteValue {
    case text(String)
    case int(Int64)
    case double(Double)
    case null
}

/// A prepared statement owned by its connection's cache.
final class SQLiteStatement {
    private let pointer: OpaquePointer
    let sql: String
    private unowned let connection: SQLiteConnection

    init(pointer: OpaquePointer, sql: String, connection: SQLiteConnection) {
        self.pointer = pointer
        self.sql = sql
        self.connection = connection
    }

    deinit {
        sqlite3_finalize(pointer)
    }

    func reset() {
        sqlite3_reset(pointer)
        sqlite3_clear_bindings(pointer)
    }

    func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32 =
                switch value {
                case .text(let text): Self.bind(text, at: index, to: pointer)
                case .int(let int): sqlite3_bind_int64(pointer, index, int)
                case .double(let double): sqlite3_bind_double(pointer, index, double)
                case .null: sqlite3_bind_null(pointer, index)
                }
            guard code == SQLITE_OK else { throw connection.error(code, sql: sql) }
        }
    }

    /// Binds text with its byte length, not as a C string: a NUL inside it would end the value
    /// there, and `ab\0cd` and `ab\0xy` would be stored as one key.
    private static func bind(_ text: String, at index: Int32, to pointer: OpaquePointer) -> Int32 {
        var text = text
        return text.withUTF8 { bytes in
            // A non-null pointer even for "", which SQLite would otherwise bind as NULL.
            guard let base = bytes.baseAddress else { return sqlite3_bind_text(pointer, index, "", 0, transient) }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text64(pointer, index, $0, UInt64(bytes.count), transient, UInt8(SQLITE_UTF8))
            }
        }
    }

    /// Steps once: `true` when a row is available.
    func step() throws(SQLiteError) -> Bool {
        let code = sqlite3_step(pointer)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.error(code, sql: sql)
        }
    }

    /// Binds, runs to completion and returns nothing: for writes.
    func run(_ values: [SQLiteValue] = []) throws(SQLiteError) {
        try bind(values)
        while try step() {}
    }

    /// Binds and collects every row through `row`.
    func query<T>(_ values: [SQLiteValue] = [], row: (SQLiteStatement) throws -> T) throws -> [T] {
        try bind(values)
        var rows: [T] = []
        while try step() { rows.append(try row(self)) }
        return rows
    }

    func text(_ column: Int32) -> String? {
        guard sqlite3_column_type(pointer, column) != SQLITE_NULL, let bytes = sqlite3_column_text(pointer, column)
        else {
            return nil
        }
        // By length, not up to the first NUL: the value is byte-exact either way.
        let count = Int(sqlite3_column_bytes(pointer, column))
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func int(_ column: Int32) -> Int64? {
        sqlite3_column_type(pointer, column) == SQLITE_NULL ? nil : sqlite3_column_int64(pointer, column)
    }

    func double(_ column: Int32) -> Double? {
        sqlite3_column_type(pointer, column) == SQLITE_NULL ? nil : sqlite3_column_double(pointer, column)
    }
}
