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
        var offset = Self.recordSize
        var emptyRun = 0
        reading: while offset < Self.size {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
            guard count > 0 else { break }
            let whole = count / Self.recordSize
            chunk.withUnsafeBytes { bytes in
                for index in 0..<whole {
                    let base = index * Self.recordSize
                    guard let kind = TraceRecord.Kind(rawValue: bytes[base + 28]) else {
                        emptyRun += 1
                        continue
                    }
                    emptyRun = 0
                    records.append(TraceRecord(kind: kind,
                                               time: bytes.loadUnaligned(fromByteOffset: base, as: UInt64.self),
                                               task: bytes.loadUnaligned(fromByteOffset: base + 8, as: UInt64.self),
                                               thread: bytes.loadUnaligned(fromByteOffset: base + 16, as: UInt64.self),
                                               extra: bytes.loadUnaligned(fromByteOffset: base + 24, as: UInt32.self),
                                               other: bytes.loadUnaligned(fromByteOffset: base + 28, as: UInt32.self) >> 8))
                }
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
/// order as their lines are shown: the runtime gives task ids in the order
/// it creates tasks, and a sleep's timer (first seen as a delayed enqueue)
/// is not a task of the picture, nor is a named task numbered.
final class LiveTraceReader {
    private let file: TraceFile
    private var offset = TraceFile.recordSize
    private var firstKind: [UInt64: TraceRecord.Kind] = [:]
    private var named: Set<UInt64> = []
    private var facts = TaskFacts()
    /// The task whose first job the program's `main` ran: an `@main`
    /// program's main task, which its start event cannot name.
    private(set) var mainTask: UInt64?

    init(_ file: TraceFile) {
        self.file = file
    }

    /// Reads the records written since the last call, up to the first slot
    /// not yet written (a writer may be filling it).
    func poll() {
        var record = [UInt8](repeating: 0, count: TraceFile.recordSize)
        var reads = 0
        while offset + TraceFile.recordSize <= TraceFile.size, reads < 100_000 {
            guard pread(file.descriptor, &record, record.count, off_t(offset)) == record.count,
                  let kind = TraceRecord.Kind(rawValue: record[28]) else { return }
            let task = record.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self) }
            switch kind {
            case .created, .name:
                if kind == .created, record[29] & 4 != 0 { named.insert(task) }
                facts.note(record.withUnsafeBytes { bytes in
                    TraceRecord(kind: kind, time: 0, task: task,
                                thread: bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self),
                                extra: bytes.loadUnaligned(fromByteOffset: 24, as: UInt32.self),
                                other: bytes.loadUnaligned(fromByteOffset: 28, as: UInt32.self) >> 8)
                })
            default:
                if task != 0, firstKind[task] == nil { firstKind[task] = kind }
                if kind == .began, mainTask == nil, record.withUnsafeBytes({ $0.loadUnaligned(fromByteOffset: 24, as: UInt32.self) }) & 64 != 0 {
                    mainTask = task
                }
            }
            offset += TraceFile.recordSize
            reads += 1
        }
    }

    /// The label the report will give named task `id`: "fetcher #2" for
    /// the second task named "fetcher" to be created, whichever printed
    /// first. Nil when the trace has not (yet) recorded that name.
    func label(ofNamed id: UInt64, name: String) -> String? {
        poll()
        guard facts.name(of: id) == name else { return nil }
        let rank = named.filter { $0 <= id && facts.name(of: $0) == name }.count
        return rank <= 1 ? name : "\(name) #\(rank)"
    }

    /// The creation-order number of unnamed task `id` ("task 2" is 2):
    /// tasks of the picture, the main task aside, up to and including it.
    func number(of id: UInt64, mainTask: UInt64?) -> Int {
        poll()
        let main = mainTask ?? self.mainTask
        var count = firstKind[id] == nil ? 1 : 0
        for (task, kind) in firstKind where task <= id && kind != .delayed && task != main && !named.contains(task) { count += 1 }
        return count
    }
}
