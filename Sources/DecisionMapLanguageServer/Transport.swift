import DecisionMap

/// Cuts a byte stream into JSON-RPC messages framed the LSP way: header lines
/// (`Content-Length: N`, optionally `Content-Type`), an empty line, then N bytes of JSON.
///
/// Feed it bytes as they arrive; it returns every whole message. A header block without a valid
/// `Content-Length` is skipped (its header lines carry no way to find the next message otherwise),
/// and reported as a framing error so the server can log it.
public struct MessageFramer: Sendable {
    public enum Frame: Equatable, Sendable {
        /// The body of one message.
        case message([UInt8])
        /// A header block that could not be read, in words.
        case malformed(String)
    }

    private var buffer: [UInt8] = []
    private var start = 0
    /// Headers larger than this are not headers.
    static let maximumHeaderBytes = 8_192

    public init() {}

    public mutating func feed(_ bytes: some Collection<UInt8>) -> [Frame] {
        buffer.append(contentsOf: bytes)
        var frames: [Frame] = []
        while let frame = next() { frames.append(frame) }
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        return frames
    }

    private mutating func next() -> Frame? {
        guard let headerEnd = find([13, 10, 13, 10], from: start) else {
            if buffer.count - start > MessageFramer.maximumHeaderBytes {
                start = buffer.count
                return .malformed("a header longer than \(MessageFramer.maximumHeaderBytes) bytes without an empty line")
            }
            return nil
        }
        let header = String(decoding: buffer[start..<headerEnd], as: UTF8.self)
        var length: Int?
        for line in header.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "content-length" {
                length = Int(parts[1].trimmingSpaces)
            }
        }
        guard let length, length >= 0 else {
            start = headerEnd + 4
            return .malformed("a message header without a valid Content-Length: \(header.debugDescription)")
        }
        let bodyStart = headerEnd + 4
        guard buffer.count - bodyStart >= length else { return nil }
        start = bodyStart + length
        return .message(Array(buffer[bodyStart..<bodyStart + length]))
    }

    private func find(_ needle: [UInt8], from: Int) -> Int? {
        guard buffer.count >= needle.count else { return nil }
        var i = from
        while i + needle.count <= buffer.count {
            if buffer[i] == needle[0], buffer[i + 1] == needle[1], buffer[i + 2] == needle[2], buffer[i + 3] == needle[3] { return i }
            i += 1
        }
        return nil
    }

    /// The framed bytes of a message.
    public static func frame(_ message: JSONValue) -> [UInt8] {
        let body = message.renderedBytes()
        return Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }
}
