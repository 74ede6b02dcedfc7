// The trace's lanes in a run's report.

extension RunReport {
    /// Whether the run has a runtime trace with tasks in it to draw.
    public var hasTaskTrace: Bool { !(trace?.tasks.isEmpty ?? true) }

    /// Lanes from the trace: one per task, in the order the tasks were
    /// created, named by their prints (`Task(name:)`) or numbered "task 1",
    /// "task 2"… in creation order, so the `[task 2]` of an output line and
    /// its lane agree. Lanes of output from outside any task follow.
    mutating func relabel(by trace: RuntimeTrace, mainTask mainID: UInt64?) {
        var namesByTask: [UInt64: String] = [:]
        for lane in lanes {
            guard let id = lane.taskID, lane.label != "main", !lane.label.hasPrefix("task ") else { continue }
            namesByTask[id] = lane.label
        }
        var fresh: [Lane] = []
        var indexOfTask: [UInt64: Int] = [:]
        var unnamed = 0
        var trace = trace
        var lastPrint: [UInt64: Double] = [:]
        for line in lines where line.source == .print {
            guard let lane = line.lane, lanes.indices.contains(lane) else { continue }
            let id = lanes[lane].label == "main" ? mainID : lanes[lane].taskID
            if let id { lastPrint[id] = max(lastPrint[id] ?? 0, line.time) }
        }
        // A task that printed after its last recorded job ran inside a job
        // of an actor (which runs its callers' code inline): its lane goes
        // on to that print.
        for index in trace.tasks.indices {
            guard let printed = lastPrint[trace.tasks[index].id], printed > trace.tasks[index].end else { continue }
            let end = trace.tasks[index].end
            trace.tasks[index].segments.append(RuntimeTrace.Segment(state: .suspended, start: end, end: printed))
            trace.tasks[index].segments.append(RuntimeTrace.Segment(state: .running, start: printed, end: printed))
        }
        self.trace = trace
        // Names the trace recorded are told apart in creation order: the
        // first task named "deadline" is "deadline", the second "deadline
        // #2", whichever printed first. A name only a print gave (the
        // trace lost its records) keeps the print timeline's label, unless
        // that is taken.
        var used: Set<String> = ["main"]
        var labels: [UInt64: String] = [:]
        func unique(_ name: String) -> String {
            var candidate = name, number = 1
            while used.contains(candidate) {
                number += 1
                candidate = "\(name) #\(number)"
            }
            used.insert(candidate)
            return candidate
        }
        for task in trace.tasks where task.id != mainID {
            if let name = task.name { labels[task.id] = unique(name) }
        }
        for task in trace.tasks where task.id != mainID && labels[task.id] == nil {
            if let printed = namesByTask[task.id] { labels[task.id] = unique(printed) }
        }
        for task in trace.tasks {
            let label: String
            if task.id == mainID {
                label = "main"
            } else if let named = labels[task.id] {
                label = named
            } else {
                unnamed += 1
                label = "task \(unnamed)"
            }
            var lane = Lane(label: label, first: task.created, last: task.end)
            lane.taskID = task.id
            indexOfTask[task.id] = fresh.count
            fresh.append(lane)
        }
        // Output from threads outside any task keeps a lane of its own.
        var moved: [Int: Int] = [:]
        for (index, lane) in lanes.enumerated() {
            if let id = lane.label == "main" ? mainID : lane.taskID, let target = indexOfTask[id] {
                moved[index] = target
            } else {
                moved[index] = fresh.count
                fresh.append(lane)
            }
        }
        for index in lines.indices {
            guard let old = lines[index].lane, let target = moved[old] else { continue }
            lines[index].lane = target
            lines[index].laneLabel = fresh[target].label
        }
        lanes = fresh
    }
}
