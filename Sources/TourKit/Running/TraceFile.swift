internal import CTourSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The memory file the recording executors write into (see
/// ``HarnessTracer``), handed to the program as its fd 4.
final class TraceFile: Sendable {
    /// 2 million records of 32 bytes. The file is sparse: a run uses only
    /// the pages it writes.
    static let size = 64 << 20
    static let recordSize = 32

    let descriptor: Int32

    /// A new file, or nil where memory files are not to be had.
    init?() {
        let fd = tour_trace_file_create(Int64(Self.size))
        guard fd >= 0 else { return nil }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// What the program wrote: whether the recording executors were
    /// installed, and the records in the order they were written. Reading
    /// stops after a long run of empty records, so a short run costs
    /// little; a record that is not whole (the program died writing it)
    /// or of an unknown kind is skipped.
    /// `replaced`: the program installed executors of its own afterwards,
    /// so what follows is not the whole story.
    /// `outcomesKnown`: the tracer checked the runtime's task layout and
    /// marked in each task's last `F` whether it returned or threw.
    func read() -> Contents {
        var header = [UInt8](repeating: 0, count: Self.recordSize)
        guard pread(descriptor, &header, header.count, 0) == header.count,
              Array(header[0..<8]) == Array("ATTRACE1".utf8), header[8] == 1 else { return Contents() }
        var records: [TraceRecord] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        // A traced run writes thousands of records at least: start the
        // array there rather than growing it from nothing.
        records.reserveCapacity(1 << 14)
        var offset = Self.recordSize
        var emptyRun = 0
        reading: while offset < Self.size {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
            guard count > 0 else { break }
            let whole = count / Self.recordSize
            chunk.withUnsafeBytes { bytes in
                TraceRecord.decode(UnsafeRawBufferPointer(rebasing: bytes[0..<whole * Self.recordSize]), into: &records, emptyRun: &emptyRun)
            }
            // Writers take slots in order, so a long empty stretch is the end.
            if emptyRun > 4096 { break reading }
            offset += whole * Self.recordSize
        }
        return Contents(installed: true, replaced: header[9] != 0, outcomesKnown: header[10] == 1, records: records)
    }

    struct Contents {
        var installed = false
        var replaced = false
        var outcomesKnown = false
        var records: [TraceRecord] = []
    }
}

/// Reads the trace while the program runs, to number tasks in creation
/// order as their lines are shown (see ``LiveTraceIndex``). It reads in
/// chunks up to the first slot not yet written (a writer may be filling
/// it), from where the last call stopped.
final class LiveTraceReader {
    private let file: TraceFile
    private var offset = TraceFile.recordSize
    private var index = LiveTraceIndex()
    private var chunk = [UInt8](repeating: 0, count: 64 << 10)

    init(_ file: TraceFile) {
        self.file = file
    }

    var mainTask: UInt64? { index.mainTask }

    func poll() {
        while offset + TraceFile.recordSize <= TraceFile.size {
            let wanted = min(chunk.count, TraceFile.size - offset)
            let count = chunk.withUnsafeMutableBytes { pread(file.descriptor, $0.baseAddress, wanted, off_t(offset)) }
            guard count >= TraceFile.recordSize else { return }
            let whole = count / TraceFile.recordSize * TraceFile.recordSize
            let used = chunk.withUnsafeBytes { index.note(UnsafeRawBufferPointer(rebasing: $0[0..<whole])) }
            offset += used
            if used < whole { return }
        }
    }

    func label(ofNamed id: UInt64, name: String) -> String? {
        poll()
        return index.label(ofNamed: id, name: name)
    }

    func number(of id: UInt64, mainTask: UInt64?) -> Int {
        poll()
        return index.number(of: id, mainTask: mainTask)
    }
}
