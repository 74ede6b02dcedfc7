internal import CTourSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The tour's children and everything they started.
///
/// The tour makes itself a child subreaper, so a snippet's grandchild whose
/// parent dies (a daemon started with `setsid`, a program started with
/// Foundation's `Process` in a group of its own) is re-parented to the
/// tour instead of init. Every child started through ``Spawn`` carries an
/// environment entry naming its run; at the end of a run ``sweep(_:)``
/// stops whatever still carries it, is in the run's session, or was
/// adopted by the tour and is not one of its own children.
public enum ProcessTree {
    /// Direct children that some caller will reap by pid.
    static let registry = Registry()

    final class Registry: Sendable {
        private let children = Mutex<Set<pid_t>>([])
        /// Held from a spawn until its child is registered, and while a
        /// sweep looks for unregistered children: a child between
        /// `posix_spawn` and `adopt` (still showing the tour's own
        /// environment, without a run's mark) is never taken for an orphan.
        let spawning = Mutex(())
        /// Runs whose processes may still be alive, for the sweep at exit.
        private let runs = Mutex<[String: Target]>([:])

        func adopt(_ pid: pid_t) { _ = children.withLock { $0.insert(pid) } }
        func release(_ pid: pid_t) { _ = children.withLock { $0.remove(pid) } }
        func contains(_ pid: pid_t) -> Bool { children.withLock { $0.contains(pid) } }

        func begin(_ target: Target) { runs.withLock { $0[target.token] = target } }
        func end(_ token: String) { _ = runs.withLock { $0.removeValue(forKey: token) } }
        var liveRuns: [Target] { runs.withLock { Array($0.values) } }
    }

    /// Stops every process of every run not yet swept: the last thing the
    /// tour does when a signal makes it leave in the middle of runs.
    public static func stopEverything() {
        for target in registry.liveRuns {
            if let session = target.session { kill(-session, SIGKILL) }
            sweep(target)
        }
    }

    private static let prepared: Bool = {
        _ = tour_become_subreaper()
        return true
    }()

    /// Becomes the subreaper; called before the first spawn.
    static func prepare() {
        _ = prepared
    }

    /// Whether a sweep also stops adopted orphans that carry no run's mark
    /// (a program that cleared its environment before it daemonised).
    /// The tour's executable turns it on; a test process, whose other
    /// children (tmux) may be adopted by it too, leaves it off.
    static let killsUnmarkedOrphans = Atomic<Bool>(false)

    /// Turns on the sweep of unmarked orphans (see ``killsUnmarkedOrphans``).
    public static func sweepUnmarkedOrphans(_ enabled: Bool) {
        killsUnmarkedOrphans.store(enabled, ordering: .relaxed)
    }

    static func environmentValue(of pid: pid_t, _ name: String) -> String? {
        var value = [CChar](repeating: 0, count: 128)
        guard tour_process_environment_value(pid, name, &value, Int32(value.count)) == 1 else { return nil }
        return String(decoding: value.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The environment entry that marks a run's processes.
    static func marker(for token: String) -> (name: String, value: String) {
        ("ASYNC_TOUR_RUN", token)
    }

    /// What a sweep looks for.
    struct Target: Sendable {
        /// The environment entry every process of the run inherited.
        var token: String
        /// The run's session (its first process's pid), or nil.
        var session: pid_t?
    }

    /// Kills every process of the run that is still alive, with all their
    /// descendants, and reaps those that were re-parented to the tour.
    /// Returns how many processes it stopped.
    @discardableResult
    static func sweep(_ target: Target) -> Int {
        let own = getpid()
        let name = marker(for: target.token).name
        var stopped: Set<pid_t> = []
        // A process can fork while being looked at: go round until a pass
        // finds nothing new.
        for _ in 0..<8 {
            // The unmarked-orphan rule needs a table in which every child of
            // the tour is registered already.
            let table = killsUnmarkedOrphans.load(ordering: .relaxed) ? registry.spawning.withLock { _ in processes() } : processes()
            var children: [pid_t: [pid_t]] = [:]
            for info in table { children[info.ppid, default: []].append(info.pid) }
            var doomed: Set<pid_t> = []
            for info in table where info.pid != own && !stopped.contains(info.pid) {
                let run = environmentValue(of: info.pid, name)
                if run == target.token || target.session.map({ info.session == $0 }) == true {
                    doomed.insert(info.pid)
                } else if run == nil, killsUnmarkedOrphans.load(ordering: .relaxed), info.ppid == own,
                          !registry.contains(info.pid) {
                    // An orphan that cleared its environment: it came from
                    // some run of this tour, and every run's orphan must go.
                    doomed.insert(info.pid)
                }
            }
            // Their descendants too, whatever their session or environment.
            var queue = Array(doomed)
            while let next = queue.popLast() {
                for child in children[next] ?? [] where !doomed.contains(child) && child != own {
                    doomed.insert(child)
                    queue.append(child)
                }
            }
            doomed.subtract(stopped)
            if doomed.isEmpty { break }
            for pid in doomed { kill(pid, SIGKILL) }
            stopped.formUnion(doomed)
            reapAdopted(among: doomed, own: own)
        }
        return stopped.count
    }

    /// Reaps the killed processes that are the tour's children but not
    /// registered ones (a registered child is reaped by its own monitor).
    private static func reapAdopted(among pids: Set<pid_t>, own: pid_t) {
        let deadline = monotonicNanoseconds() + 500_000_000
        var waiting = Set(processes().filter { pids.contains($0.pid) && $0.ppid == own && !registry.contains($0.pid) }.map(\.pid))
        while !waiting.isEmpty, monotonicNanoseconds() < deadline {
            for pid in waiting {
                var status: Int32 = 0
                let result = waitpid(pid, &status, WNOHANG)
                if result == pid || (result == -1 && errno == ECHILD) { waiting.remove(pid) }
            }
            if !waiting.isEmpty { usleep(1000) }
        }
    }

    struct Info: Sendable, Equatable {
        var pid: pid_t
        var ppid: pid_t
        var pgrp: pid_t
        var session: pid_t
        /// The state letter of /proc/PID/stat, as its ASCII code.
        var state: UInt8
    }

    static func processes() -> [Info] {
        var capacity = 1024
        while true {
            var buffer = [tour_process_info](repeating: tour_process_info(), count: capacity)
            let count = Int(tour_list_processes(&buffer, Int32(capacity)))
            if count < 0 { return [] }
            if count <= capacity {
                return buffer[0..<count].map {
                    Info(pid: $0.pid, ppid: $0.ppid, pgrp: $0.pgrp, session: $0.session, state: UInt8(bitPattern: $0.state))
                }
            }
            capacity = count + 256
        }
    }

    static func monotonicNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
