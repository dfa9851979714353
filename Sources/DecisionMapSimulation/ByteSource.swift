import DecisionMap
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Where case files come from: the byte sources a caller hands in, and the window the readers
// scan them through. The library never opens files; the caller owns opening and closing.

// MARK: - Byte sources

/// Where a reader gets its bytes. The caller owns opening and closing; the library only reads.
public protocol ByteSource {
    /// Reads up to `buffer.count` bytes into the start of `buffer` and returns how many were read.
    /// Returning 0 means the end of the input (a source may return fewer bytes than asked for at
    /// any time, as pipes do; readers cope with any split). `buffer` is never empty.
    mutating func read(into buffer: UnsafeMutableBufferPointer<UInt8>) throws -> Int
}

/// Reads from a `FileHandle`: a file, a pipe or standard input.
public struct FileHandleByteSource: ByteSource {
    public let fileHandle: FileHandle

    public init(_ fileHandle: FileHandle) {
        self.fileHandle = fileHandle
    }

    /// Reads straight into `buffer` with the system call: no intermediate `Data`, no second copy.
    public mutating func read(into buffer: UnsafeMutableBufferPointer<UInt8>) throws -> Int {
        while true {
            let n = systemRead(fileHandle.fileDescriptor, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw CaseFileError(message: "cannot read: \(String(cString: strerror(errno)))")
        }
    }
}

/// Reads from bytes in memory, for tests and for input that is already loaded.
public struct BytesByteSource: ByteSource, Sendable {
    public let bytes: [UInt8]
    /// The most bytes one `read` returns, to imitate short reads (tests use 1 to split every field
    /// and line ending across reads).
    public let maxReadSize: Int
    private var offset = 0

    public init(_ bytes: [UInt8], maxReadSize: Int = .max) {
        precondition(maxReadSize > 0, "maxReadSize must be positive")
        self.bytes = bytes
        self.maxReadSize = maxReadSize
    }

    public init(_ text: String, maxReadSize: Int = .max) {
        self.init(Array(text.utf8), maxReadSize: maxReadSize)
    }

    public mutating func read(into buffer: UnsafeMutableBufferPointer<UInt8>) throws -> Int {
        let n = min(buffer.count, maxReadSize, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + n]))
        }
        offset += n
        return n
    }
}

/// A window on a byte source: `storage[start..<end]` holds bytes read but not yet consumed. Refilling
/// keeps the unconsumed bytes (moved to the front), so a reader can ask for more when a record does
/// not fit and then look at the whole record contiguously.
struct ByteSourceBuffer {
    private var source: any ByteSource
    private(set) var storage: [UInt8]
    var start = 0
    private(set) var end = 0
    private(set) var atEOF = false
    /// How many bytes of the input lie before `storage[0]`: moved out when a refill shifts the
    /// unconsumed bytes to the front.
    private var discarded = 0
    /// Whether a chunk holds `storage` (see `lend`).
    private var lent = false
    let chunkSize: Int

    init(source: some ByteSource, chunkSize: Int) {
        precondition(chunkSize > 0, "chunkSize must be positive")
        self.source = source
        self.chunkSize = chunkSize
        storage = []
    }

    /// The number of unconsumed bytes.
    var available: Int { end - start }

    /// The offset of `start` in the whole input.
    var inputOffset: Int { discarded + start }

    /// Reads more input after the unconsumed bytes. Returns `false` at the end of the input (and
    /// from then on). Reads at least `chunkSize`, and at least as much as is already pending, so a
    /// long record is re-scanned only a logarithmic number of times.
    mutating func refill() throws -> Bool {
        if atEOF { return false }
        let pending = end - start
        let want = max(chunkSize, pending)
        if lent || storage.count - pending < want {
            // New storage: the old is too small, or a chunk holds it (`lend`) and it must not
            // change under that chunk. Only the pending bytes are copied; the rest is left
            // uninitialised (plain bytes, each written by the source before it is read).
            let size = max(storage.count, pending + want)
            let old = storage
            storage = [UInt8](unsafeUninitializedCapacity: size) { target, initialized in
                old.withUnsafeBufferPointer { source in
                    if pending > 0 { target.baseAddress!.update(from: source.baseAddress! + start, count: pending) }
                }
                initialized = size
            }
            lent = false
        } else if start > 0, pending > 0 {
            storage.withUnsafeMutableBufferPointer { buffer in
                let base = buffer.baseAddress!
                base.update(from: base + start, count: pending)
            }
        }
        discarded += start
        start = 0
        end = pending
        // Take the storage out while the source writes into it, so neither is accessed twice.
        var buffer = storage
        storage = []
        defer { storage = buffer }
        let n = try buffer.withUnsafeMutableBufferPointer { buffer in
            try source.read(into: UnsafeMutableBufferPointer(rebasing: buffer[end..<end + want]))
        }
        precondition(n >= 0 && n <= want, "ByteSource.read returned an impossible count")
        if n == 0 {
            atEOF = true
            return false
        }
        self.end += n
        return true
    }

    /// Consumes the first `count` unconsumed bytes and hands them out without copying: the
    /// storage they lie in (shared, never written again) and their range in it.
    mutating func lend(_ count: Int) -> (storage: [UInt8], range: Range<Int>) {
        precondition(count <= available, "lending more bytes than are available")
        let range = start..<start + count
        start += count
        lent = true
        return (storage, range)
    }

    /// Makes at least `count` bytes available unless the input ends first; returns whether it did.
    mutating func ensure(_ count: Int) throws -> Bool {
        while available < count {
            if try !refill() { return false }
        }
        return true
    }

    /// Skips a UTF-8 byte-order mark at the current position, if there is one.
    mutating func skipByteOrderMark() throws {
        _ = try ensure(3)
        if available >= 3, storage[start] == 0xEF, storage[start + 1] == 0xBB, storage[start + 2] == 0xBF {
            start += 3
        }
    }

    /// Calls `body` with the unconsumed bytes.
    func withAvailableBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { buffer in
            try body(UnsafeBufferPointer(rebasing: buffer[start..<end]))
        }
    }
}

/// The C library's `read`, under a name the `read(into:)` methods do not shadow.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutablePointer<UInt8>?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
