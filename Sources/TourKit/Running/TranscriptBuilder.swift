import Foundation

/// Turns the child's three byte streams into timed lines and task lanes, as
/// they arrive.
///
/// The child is untrusted: whatever it writes, the work here is linear in
/// the bytes, memory per line is bounded by ``lineLimit``, and event lines on
/// the harness descriptor (which a snippet can write too) are checked, with
/// their times kept within the run.
struct TranscriptBuilder: Sendable {
    /// The most bytes of one line that are kept; the rest are counted in
    /// ``OutputLine/droppedBytes``. 16 KiB fills a 200-column terminal (the
    /// widest the tour lays out) for 80 rows, so nothing a learner could read
    /// on one screen is lost, while a 50 MB line without a newline costs
    /// 16 KiB and a bounded amount of rendering.
    static let lineLimit = 16 * 1024
    /// An event line holds a print's text escaped (up to twice as long) after
    /// a few fields; it may be this long before it is cut.
    static let eventLineLimit = 2 * lineLimit + 1024
    /// The byte that starts an event line on standard output's pipe, which
    /// the harness's events share so that they keep their order with
    /// output written directly (`FileHandle`, `dump`).
    static let eventMarker: UInt8 = 0x1F

    private(set) var lines: [OutputLine] = []
    private(set) var lanes: [Lane] = []
    /// Monotonic ns of the harness's start event, the time axis's zero.
    private(set) var origin: UInt64
    private(set) var startSeen = false
    /// Task creation events came (the Python harness's): lanes span
    /// tasks' lives, not only their prints.
    private(set) var taskEventsSeen = false
    private(set) var endTime: UInt64?
    /// Peak resident memory the program reported as it exited.
    private(set) var peakMemoryBytes: Int?
    /// No event may claim a time before this: the builder's creation, just
    /// before the child was spawned.
    private let earliest: UInt64
    private var pending: [ChildChunk.Stream: PendingLine] = [:]
    private var pendingPrint: PendingPrint?
    /// The runtime's id of the main task, from the start event.
    private(set) var mainTask: String?
    /// The thread the main task started on, from the start event.
    private(set) var mainThread: String?
    private var laneOfKey: [String: Int] = [:]
    private var unnamedTasks = 0
    private var threadNumbers: [String: Int] = [:]
    /// Every lane label in use, and the next `#N` to try for a name, so that
    /// labelling a new lane does not scan all the others.
    private var usedLabels: Set<String> = []
    private var nextSuffix: [String: Int] = [:]

    /// The start of a line not yet ended by a newline.
    private struct PendingLine {
        var bytes: [UInt8] = []
        var dropped = 0
        /// The last two bytes dropped: a cut event line still ends its
        /// print's line if it ended with the escape `\n`.
        var droppedTail: [UInt8] = []
    }

    /// A print whose terminator had no newline, continued by the next ones.
    private struct PendingPrint {
        var text: String
        var dropped: Int
        var time: UInt64
        var task: String
        var thread: String
        var name: String
    }

    init(origin: UInt64) {
        self.origin = origin
        self.earliest = origin
    }

    var threadCount: Int { threadNumbers.count }

    /// Feeds one chunk; returns the lines it completed. Linear in the
    /// chunk's length: each byte is looked at once and copied at most once.
    mutating func feed(_ chunk: ChildChunk) -> [OutputLine] {
        let before = lines.count
        var line = pending.removeValue(forKey: chunk.stream) ?? PendingLine()
        let bytes = chunk.bytes
        var start = 0
        while start < bytes.count {
            let newline = Self.newline(in: bytes, from: start)
            // An event line (on its own pipe, or marked on standard output)
            // may be longer than a line of output: its text is escaped.
            let isEvent = chunk.stream == .events || (line.bytes.first ?? bytes[start]) == Self.eventMarker
            Self.append(bytes[start..<(newline ?? bytes.count)], to: &line, limit: isEvent ? Self.eventLineLimit : Self.lineLimit)
            guard let newline else { break }
            accept(line, stream: chunk.stream, time: chunk.time)
            line = PendingLine()
            start = newline + 1
        }
        if !line.bytes.isEmpty || line.dropped > 0 { pending[chunk.stream] = line }
        return Array(lines[before...])
    }

    /// The index of the first newline at or after `start`, found with
    /// memchr: fast in debug builds too, where a generic search is not.
    private static func newline(in bytes: [UInt8], from start: Int) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress, start < buffer.count,
                  let found = memchr(base + start, 10, buffer.count - start) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Keeps as much of `piece` as fits under `limit`, counting the rest.
    private static func append(_ piece: ArraySlice<UInt8>, to line: inout PendingLine, limit: Int) {
        let room = max(0, limit - line.bytes.count)
        if piece.count <= room {
            line.bytes += piece
        } else {
            line.bytes += piece.prefix(room)
            line.dropped += piece.count - room
            line.droppedTail = Array((line.droppedTail + piece.dropFirst(room).suffix(2)).suffix(2))
        }
    }

    /// Flushes partial lines at the end of the run. `time` is when the run
    /// ended: no event may claim a later time.
    mutating func finish(at time: UInt64) -> [OutputLine] {
        let before = lines.count
        for stream in [ChildChunk.Stream.events, .stdout, .stderr] {
            if let rest = pending.removeValue(forKey: stream) {
                accept(rest, stream: stream, time: time)
            }
        }
        if let partial = pendingPrint {
            pendingPrint = nil
            appendPrint(partial)
        }
        if let end = endTime { endTime = min(end, max(time, origin)) }
        return Array(lines[before...])
    }

    private mutating func accept(_ line: PendingLine, stream: ChildChunk.Stream, time: UInt64) {
        // A cut line may end inside a UTF-8 sequence; drop that piece rather
        // than show a replacement character for it.
        var bytes = line.bytes[...]
        var dropped = line.dropped
        if dropped > 0 {
            let whole = Self.scalarBoundary(bytes)
            dropped += bytes.count - whole
            bytes = bytes.prefix(whole)
        }
        // On standard output, a marked line is an event; output written
        // without a newline just before one ends where the marker starts.
        if stream == .stdout, let marker = bytes.firstIndex(of: Self.eventMarker) {
            if marker > bytes.startIndex {
                let raw = String(decoding: bytes[..<marker], as: UTF8.self)
                lines.append(OutputLine(time: seconds(inOrder(time)), text: raw, source: .stdout))
            }
            var event = line
            event.bytes = Array(bytes[(marker + 1)...])
            event.dropped = dropped
            accept(event, stream: .events, time: time)
            return
        }
        let text = String(decoding: bytes, as: UTF8.self)
        switch stream {
        case .stdout: lines.append(OutputLine(time: seconds(inOrder(time)), text: text, source: .stdout, droppedBytes: dropped))
        case .stderr: lines.append(OutputLine(time: seconds(time), text: text, source: .stderr, droppedBytes: dropped))
        case .events:
            let endsLine = line.dropped > 0 && line.droppedTail == Array("\\n".utf8)
            event(endsLine ? text + "\\n" : text, dropped: dropped, droppedEndsLine: endsLine, arrived: time)
        }
    }

    /// The length of the longest prefix of `bytes` that does not end inside
    /// a multi-byte UTF-8 sequence.
    private static func scalarBoundary(_ bytes: ArraySlice<UInt8>) -> Int {
        var end = bytes.endIndex
        var steps = 0
        while end > bytes.startIndex, steps < 4 {
            let byte = bytes[end - 1]
            if byte < 0x80 { break }
            end -= 1
            steps += 1
            if byte >= 0xC0 {
                // A lead byte: keep the sequence if it is complete.
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                if steps == length { end += steps }
                break
            }
        }
        return end - bytes.startIndex
    }

    /// Output and prints arrive in the order they were written; a line's
    /// time is never before the one shown above it (a direct write is timed
    /// when it arrives, a print when it was made).
    private var lastInOrder: UInt64 = 0

    private mutating func inOrder(_ time: UInt64) -> UInt64 {
        lastInOrder = max(lastInOrder, time)
        return lastInOrder
    }

    private func seconds(_ time: UInt64) -> Double {
        time >= origin ? Double(time - origin) / 1e9 : -Double(origin - time) / 1e9
    }

    /// An event's time, kept between the start of the run (or the builder's
    /// creation) and when the event arrived, so a forged far-future or
    /// far-past stamp cannot stretch the time axis.
    private func clamp(_ time: UInt64, arrived: UInt64) -> UInt64 {
        let low = startSeen ? origin : earliest
        return min(max(time, low), max(arrived, low))
    }

    /// `dropped` bytes were cut from the end of the event line; with
    /// `droppedEndsLine` they came just before the print's final newline.
    private mutating func event(_ line: String, dropped: Int, droppedEndsLine: Bool, arrived: UInt64) {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard let kind = fields.first, fields.count >= 2, let stamp = UInt64(fields[1]) else { return }
        let time = clamp(stamp, arrived: arrived)
        switch kind {
        case "S" where fields.count >= 4 && !startSeen:
            // Only the first start event counts: a snippet writing another
            // one cannot move the time axis.
            origin = time
            startSeen = true
            mainTask = fields[2] == "-" ? nil : String(fields[2])
            mainThread = String(fields[3])
            // The main task runs from the first line: its lane comes first and starts at 0.
            let key = mainTask.map { "task:" + $0 } ?? "thread:" + fields[3]
            if laneOfKey[key] == nil {
                lanes.insert(Lane(label: "main", first: 0, last: 0), at: 0)
                usedLabels.insert("main")
                laneOfKey = laneOfKey.mapValues { $0 + 1 }
                lines = lines.map { line in
                    var moved = line
                    moved.lane = line.lane.map { $0 + 1 }
                    return moved
                }
                laneOfKey[key] = 0
            }
            // Lines that arrived before the start event move onto the new axis.
            lines = lines.map { line in
                var moved = line
                moved.time = 0
                return moved
            }
        case "M" where fields.count >= 3 && startSeen && mainTask == nil:
            // An `@main` program: its start came before its main task
            // existed. The tracer's wrapper names the task whose first job
            // the program's `main` ran, and its prints join the main lane.
            let task = String(fields[2])
            mainTask = task
            if laneOfKey["task:" + task] == nil, let mainThread, let main = laneOfKey["thread:" + mainThread] {
                laneOfKey["task:" + task] = main
            }
        case "E":
            endTime = time
            // Checked: a forged `E\t1\t9000000000000000000` must not overflow.
            if fields.count >= 3, let kilobytes = Int(fields[2]), kilobytes > 0 {
                // Past 1 TiB the figure is forged; the runner's own sample stands.
                let (bytes, overflow) = kilobytes.multipliedReportingOverflow(by: 1024)
                if !overflow, bytes <= 1 << 40 { peakMemoryBytes = bytes }
            }
        case "C" where fields.count >= 5 && startSeen:
            // A task's creation (the Python harness): its lane starts then,
            // even if it never prints.
            let at = seconds(time)
            taskEventsSeen = true
            let index = lane(task: String(fields[2]), thread: String(fields[3]), name: Self.unescape(String(fields[4])), at: at)
            lanes[index].first = min(lanes[index].first, at)
            lanes[index].last = max(lanes[index].last, at)
        case "F" where fields.count >= 3:
            // The task's end: its lane runs to here.
            if let index = laneOfKey["task:" + fields[2]] { lanes[index].last = max(lanes[index].last, seconds(time)) }
        case "P" where fields.count >= 6:
            let text = Self.unescape(fields[5...].joined(separator: "\t"))
            printed(text, dropped: dropped, droppedEndsLine: droppedEndsLine, time: time, task: String(fields[2]), thread: String(fields[3]),
                    name: Self.unescape(String(fields[4])))
        default:
            return
        }
    }

    /// One `print`'s text, which may end lines, continue an unfinished one,
    /// or both. Only the new text is searched for newlines, so a million
    /// `print("x", terminator: "")` calls cost linear time.
    private mutating func printed(_ text: String, dropped: Int, droppedEndsLine: Bool, time: UInt64,
                                  task: String, thread: String, name: String) {
        var pieces = text.split(separator: "\n", omittingEmptySubsequences: false)
        let last = pieces.removeLast()
        for (index, piece) in pieces.enumerated() {
            var line = pendingPrint ?? PendingPrint(text: "", dropped: 0, time: time, task: task, thread: thread, name: name)
            pendingPrint = nil
            Self.append(piece, to: &line)
            if droppedEndsLine, index == pieces.count - 1 { line.dropped += dropped }
            appendPrint(line)
        }
        var line = pendingPrint ?? PendingPrint(text: "", dropped: 0, time: time, task: task, thread: thread, name: name)
        Self.append(last, to: &line)
        // Otherwise the bytes cut from the event line's end belong to the
        // line still open.
        if !droppedEndsLine { line.dropped += dropped }
        pendingPrint = line.text.isEmpty && line.dropped == 0 ? nil : line
    }

    /// Keeps as much of `piece` as fits under ``lineLimit`` bytes, cut at a
    /// character boundary, counting the rest.
    private static func append(_ piece: Substring, to line: inout PendingPrint) {
        let room = max(0, lineLimit - line.text.utf8.count)
        if piece.utf8.count <= room {
            line.text += piece
            return
        }
        var cut = piece.utf8.index(piece.startIndex, offsetBy: room)
        while cut > piece.startIndex, UTF8.isContinuation(piece.utf8[cut]) { cut = piece.utf8.index(before: cut) }
        line.text += Substring(piece.unicodeScalars[..<cut])
        line.dropped += piece.utf8.distance(from: cut, to: piece.endIndex)
    }

    private mutating func appendPrint(_ line: PendingPrint) {
        let at = seconds(inOrder(line.time))
        let laneIndex = lane(task: line.task, thread: line.thread, name: line.name, at: at)
        lanes[laneIndex].last = max(lanes[laneIndex].last, at)
        if threadNumbers[line.thread] == nil { threadNumbers[line.thread] = threadNumbers.count + 1 }
        lines.append(OutputLine(time: at, text: line.text, source: .print, lane: laneIndex, thread: threadNumbers[line.thread],
                                laneLabel: lanes[laneIndex].label, droppedBytes: line.dropped))
    }

    private mutating func lane(task: String, thread: String, name: String, at time: Double) -> Int {
        let isMain = (task != "-" && task == mainTask) || (task == "-" && thread == mainThread)
        let key = task == "-" ? "thread:" + thread : "task:" + task
        if let index = laneOfKey[key] {
            if !name.isEmpty, lanes[index].label.hasPrefix("task ") {
                usedLabels.remove(lanes[index].label)
                lanes[index].label = uniqueLabel(name)
                lanes[index].name = name
            }
            return index
        }
        let label: String
        if isMain {
            label = "main"
        } else if !name.isEmpty {
            label = uniqueLabel(name)
        } else if task == "-" {
            label = "thread \(threadNumbers[thread] ?? threadNumbers.count + 1)"
        } else {
            unnamedTasks += 1
            label = "task \(unnamedTasks)"
        }
        var lane = Lane(label: label, first: time, last: time)
        lane.taskID = task == "-" ? nil : UInt64(task)
        if !isMain, !name.isEmpty { lane.name = name }
        lanes.append(lane)
        usedLabels.insert(label)
        laneOfKey[key] = lanes.count - 1
        return lanes.count - 1
    }

    /// Tasks may share a name ("download" three times); their lanes are
    /// told apart as "download", "download #2", "download #3". The label is
    /// taken: the caller puts it on a lane. Amortised constant time, however
    /// many tasks share the name.
    private mutating func uniqueLabel(_ name: String) -> String {
        var label = name
        if usedLabels.contains(name) {
            var number = nextSuffix[name, default: 2]
            while usedLabels.contains("\(name) #\(number)") { number += 1 }
            nextSuffix[name] = number + 1
            label = "\(name) #\(number)"
        }
        usedLabels.insert(label)
        return label
    }

    static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var out = ""
        var escaping = false
        for character in text {
            if escaping {
                switch character {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                default: out.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}
