/// Turns the child's three byte streams into timed lines and task lanes, as
/// they arrive.
struct TranscriptBuilder: Sendable {
    private(set) var lines: [OutputLine] = []
    private(set) var lanes: [Lane] = []
    /// Monotonic ns of the harness's start event, the time axis's zero.
    private(set) var origin: UInt64
    private(set) var startSeen = false
    private(set) var endTime: UInt64?
    /// Peak resident memory the program reported as it exited.
    private(set) var peakMemoryBytes: Int?
    private var pending: [ChildChunk.Stream: [UInt8]] = [:]
    private var pendingPrint: (text: String, time: UInt64, task: String, thread: String, name: String)?
    /// The runtime's id of the main task, from the start event.
    private(set) var mainTask: String?
    /// The thread the main task started on, from the start event.
    private(set) var mainThread: String?
    private var laneOfKey: [String: Int] = [:]
    private var unnamedTasks = 0
    private var threadNumbers: [String: Int] = [:]

    init(origin: UInt64) {
        self.origin = origin
    }

    var threadCount: Int { threadNumbers.count }

    /// Feeds one chunk; returns the lines it completed.
    mutating func feed(_ chunk: ChildChunk) -> [OutputLine] {
        var buffer = pending[chunk.stream, default: []] + chunk.bytes
        var completed: [[UInt8]] = []
        while let newline = buffer.firstIndex(of: 10) {
            completed.append(Array(buffer[..<newline]))
            buffer.removeSubrange(...newline)
        }
        pending[chunk.stream] = buffer
        let before = lines.count
        for line in completed { accept(line, stream: chunk.stream, time: chunk.time) }
        return Array(lines[before...])
    }

    /// Flushes partial lines at the end of the run.
    mutating func finish(at time: UInt64) -> [OutputLine] {
        let before = lines.count
        for stream in [ChildChunk.Stream.events, .stdout, .stderr] {
            if let rest = pending[stream], !rest.isEmpty {
                pending[stream] = []
                accept(rest, stream: stream, time: time)
            }
        }
        if let partial = pendingPrint {
            pendingPrint = nil
            appendPrint(partial.text, time: partial.time, task: partial.task, thread: partial.thread, name: partial.name)
        }
        return Array(lines[before...])
    }

    private mutating func accept(_ bytes: [UInt8], stream: ChildChunk.Stream, time: UInt64) {
        let text = String(decoding: bytes, as: UTF8.self)
        switch stream {
        case .stdout: lines.append(OutputLine(time: seconds(time), text: text, source: .stdout))
        case .stderr: lines.append(OutputLine(time: seconds(time), text: text, source: .stderr))
        case .events: event(text)
        }
    }

    private func seconds(_ time: UInt64) -> Double {
        time >= origin ? Double(time - origin) / 1e9 : -Double(origin - time) / 1e9
    }

    private mutating func event(_ line: String) {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard let kind = fields.first, fields.count >= 2, let time = UInt64(fields[1]) else { return }
        switch kind {
        case "S" where fields.count >= 4:
            origin = time
            startSeen = true
            mainTask = fields[2] == "-" ? nil : fields[2]
            mainThread = fields[3]
            // The main task runs from the first line: its lane comes first and starts at 0.
            let key = mainTask.map { "task:" + $0 } ?? "thread:" + fields[3]
            if laneOfKey[key] == nil {
                lanes.insert(Lane(label: "main", first: 0, last: 0), at: 0)
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
        case "E":
            endTime = time
            if fields.count >= 3, let kilobytes = Int(fields[2]), kilobytes > 0 { peakMemoryBytes = kilobytes * 1024 }
        case "P" where fields.count >= 6:
            let text = Self.unescape(fields[5...].joined(separator: "\t"))
            // A print whose terminator has no newline continues the line.
            if var partial = pendingPrint {
                partial.text += text
                pendingPrint = partial
            } else {
                pendingPrint = (text, time, fields[2], fields[3], Self.unescape(fields[4]))
            }
            guard let partial = pendingPrint, partial.text.contains("\n") else { return }
            pendingPrint = nil
            var pieces = partial.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let rest = pieces.removeLast()
            for piece in pieces {
                appendPrint(piece, time: partial.time, task: partial.task, thread: partial.thread, name: partial.name)
            }
            if !rest.isEmpty { pendingPrint = (rest, time, fields[2], fields[3], Self.unescape(fields[4])) }
        default:
            return
        }
    }

    private mutating func appendPrint(_ text: String, time: UInt64, task: String, thread: String, name: String) {
        let at = seconds(time)
        let laneIndex = lane(task: task, thread: thread, name: name, at: at)
        lanes[laneIndex].last = max(lanes[laneIndex].last, at)
        if threadNumbers[thread] == nil { threadNumbers[thread] = threadNumbers.count + 1 }
        lines.append(OutputLine(time: at, text: text, source: .print, lane: laneIndex, thread: threadNumbers[thread],
                                laneLabel: lanes[laneIndex].label))
    }

    private mutating func lane(task: String, thread: String, name: String, at time: Double) -> Int {
        let isMain = (task != "-" && task == mainTask) || (task == "-" && thread == mainThread)
        let key = task == "-" ? "thread:" + thread : "task:" + task
        if let index = laneOfKey[key] {
            if !name.isEmpty, lanes[index].label.hasPrefix("task ") { lanes[index].label = uniqueLabel(name) }
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
        lanes.append(lane)
        laneOfKey[key] = lanes.count - 1
        return lanes.count - 1
    }

    /// Tasks may share a name ("download" three times); their lanes are
    /// told apart as "download", "download #2", "download #3".
    private func uniqueLabel(_ name: String) -> String {
        guard lanes.contains(where: { $0.label == name }) else { return name }
        var number = 2
        while lanes.contains(where: { $0.label == "\(name) #\(number)" }) { number += 1 }
        return "\(name) #\(number)"
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
