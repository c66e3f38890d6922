extension ScriptedHTTPServer {
    /// Finds one whole HTTP/1.1 request at the start of the bytes read so far: a head, then a
    /// body of `Content-Length` bytes or in chunks. Lenient and small: it serves tests, and a
    /// request it cannot frame simply never gets an answer.
    enum RequestParser {
        struct Parsed {
            var length: Int
            var raw: [UInt8]
            var method: String
            var target: String
            var headers: [(name: String, value: String)]
            var body: [UInt8]
        }

        static func parse(_ bytes: [UInt8]) -> Parsed? {
            guard let headEnd = find([13, 10, 13, 10], in: bytes, from: 0) else { return nil }
            let lines = String(decoding: bytes[..<headEnd], as: UTF8.self).split(
                separator: "\r\n", omittingEmptySubsequences: false)
            let requestLine = lines.first?.split(separator: " ") ?? []
            var headers: [(name: String, value: String)] = []
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers.append(
                    (String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " })))
            }
            let value = { (name: String) in headers.first { $0.name.lowercased() == name }?.value.lowercased() }
            let bodyStart = headEnd + 4
            let body: [UInt8]
            let end: Int
            if value("transfer-encoding") == "chunked" {
                guard let (decoded, chunksEnd) = dechunk(bytes, from: bodyStart) else { return nil }
                body = decoded
                end = chunksEnd
            } else {
                let length = value("content-length").flatMap { Int($0) } ?? 0
                guard bytes.count >= bodyStart + length else { return nil }
                body = Array(bytes[bodyStart..<(bodyStart + length)])
                end = bodyStart + length
            }
            return Parsed(
                length: end, raw: Array(bytes[..<end]),
                method: requestLine.first.map(String.init) ?? "",
                target: requestLine.dropFirst().first.map(String.init) ?? "", headers: headers, body: body)
        }

        /// The body of a chunked message starting at `start`, and where the message ends.
        private static func dechunk(_ bytes: [UInt8], from start: Int) -> ([UInt8], Int)? {
            var body: [UInt8] = []
            var position = start
            while true {
                guard let lineEnd = find([13, 10], in: bytes, from: position) else { return nil }
                let sizeText = String(decoding: bytes[position..<lineEnd], as: UTF8.self)
                    .prefix { $0 != ";" && $0 != " " }
                guard let size = Int(sizeText, radix: 16) else { return nil }
                position = lineEnd + 2
                if size == 0 {
                    // Trailers, then an empty line.
                    while true {
                        guard let trailerEnd = find([13, 10], in: bytes, from: position) else { return nil }
                        if trailerEnd == position { return (body, trailerEnd + 2) }
                        position = trailerEnd + 2
                    }
                }
                guard bytes.count >= position + size + 2 else { return nil }
                body += bytes[position..<(position + size)]
                position += size + 2
            }
        }

        private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
            guard bytes.count >= needle.count else { return nil }
            var index = start
            while index + needle.count <= bytes.count {
                if bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
                index += 1
            }
            return nil
        }
    }
}
