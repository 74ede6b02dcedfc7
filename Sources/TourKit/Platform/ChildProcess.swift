#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// What a child process printed and how it ended.
struct ChildResult: Sendable {
    enum Ending: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)
        /// The run hit its time limit and was killed.
        case timedOut
        /// The caller cancelled the run.
        case cancelled
        /// The program printed more than the limit and was killed.
        case outputLimit
        case launchFailed(String)
    }

    var ending: Ending
    /// Chunks in arrival order, each stamped with the monotonic clock.
    var chunks: [ChildChunk]
    /// Monotonic nanoseconds at spawn and when the child was reaped.
    var spawnedAt: UInt64
    var endedAt: UInt64
    /// User + system CPU seconds of the child.
    var cpuSeconds: Double
    /// Peak resident memory in bytes, as last sampled from /proc (VmHWM).
    var peakMemoryBytes: Int
    /// Most threads seen alive at once (sampled).
    var peakThreads: Int
}

struct ChildChunk: Sendable {
    enum Stream: Sendable { case stdout, stderr, events }
    var stream: Stream
    var bytes: [UInt8]
    var time: UInt64
}

/// The part of a running child that another task may touch: a request to
/// cancel it.
final class ChildControl: Sendable {
    private let cancelled = Atomic<Bool>(false)

    func cancel() { cancelled.store(true, ordering: .relaxed) }
    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }
}

/// Spawns a program with posix_spawn in its own process group, with an extra
/// pipe on fd 3 for the harness's events, and collects everything it prints.
///
/// Foundation's Process can neither hand the child a third pipe nor report
/// the child's rusage, and both are needed: fd 3 carries the timed print
/// events, rusage gives CPU time and peak memory even after a crash.
struct ChildProcess: Sendable {
    var executable: String
    var arguments: [String]
    var environment: [String: String]
    var timeout: Double
    /// Bytes of output kept before the child is stopped.
    var outputLimit: Int = 4 << 20
    /// Seconds between SIGINT and SIGKILL when cancelled.
    var gracePeriod: Double = 0.5
    /// Whether to open the events pipe on fd 3.
    var eventsPipe = false

    func run(control: ChildControl = ChildControl(), onChunk: (@Sendable (ChildChunk) -> Void)? = nil) async -> ChildResult {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let thread = Thread {
                    continuation.resume(returning: runBlocking(control: control, onChunk: onChunk))
                }
                thread.name = "async-tour child"
                thread.start()
            }
        } onCancel: {
            control.cancel()
        }
    }

    /// Runs on a dedicated thread: poll, read, reap.
    func runBlocking(control: ChildControl, onChunk: (@Sendable (ChildChunk) -> Void)?) -> ChildResult {
        var result = ChildResult(ending: .launchFailed(""), chunks: [], spawnedAt: Clock.now(), endedAt: Clock.now(),
                                 cpuSeconds: 0, peakMemoryBytes: 0, peakThreads: 0)
        // Pipes are made close-on-exec after creation (pipe2 is not visible
        // from Swift here), so creating them and spawning is serialised: no
        // other child may inherit this one's pipe ends in between.
        let launch: Result<(pid_t, [[Int32]]), SpawnError> = Self.spawnLock.withLock { _ in
            var pipes: [[Int32]] = []
            for _ in 0..<(eventsPipe ? 3 : 2) {
                var fds: [Int32] = [0, 0]
                guard pipe(&fds) == 0 else {
                    pipes.flatMap { $0 }.forEach { close($0) }
                    return .failure(SpawnError(text: "cannot create a pipe: \(String(cString: strerror(errno)))"))
                }
                for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
                pipes.append(fds)
            }
            let spawned = spawn(stdoutFD: pipes[0][1], stderrFD: pipes[1][1], eventsFD: eventsPipe ? pipes[2][1] : nil)
            for fds in pipes { close(fds[1]) }
            switch spawned {
            case .success(let pid): return .success((pid, pipes))
            case .failure(let error):
                for fds in pipes { close(fds[0]) }
                return .failure(error)
            }
        }
        let pid: pid_t
        let pipes: [[Int32]]
        switch launch {
        case .success(let launched): (pid, pipes) = launched
        case .failure(let error):
            result.ending = .launchFailed(error.text)
            return result
        }
        result.spawnedAt = Clock.now()
        let streams: [ChildChunk.Stream] = [.stdout, .stderr, .events]
        var open = pipes.enumerated().map { (fd: $0.element[0], stream: streams[$0.offset]) }
        for entry in open { _ = fcntl(entry.fd, F_SETFL, fcntl(entry.fd, F_GETFL) | O_NONBLOCK) }
        let deadline = result.spawnedAt + UInt64(timeout * 1e9)
        var total = 0
        var stopReason: ChildResult.Ending?
        var killAt: UInt64?
        var exitStatus: Int32?
        var usage = rusage()
        var exitedAt: UInt64 = 0
        var lastSample: UInt64 = 0
        var buffer = [UInt8](repeating: 0, count: 65536)

        func stop(_ reason: ChildResult.Ending, signal: Int32, grace: Double) {
            guard stopReason == nil else { return }
            stopReason = reason
            kill(-pid, signal)
            killAt = Clock.now() + UInt64(grace * 1e9)
        }

        while true {
            let now = Clock.now()
            if exitStatus == nil {
                var status: Int32 = 0
                if wait4(pid, &status, WNOHANG, &usage) == pid {
                    exitStatus = status
                    exitedAt = now
                }
            }
            // Done once the child is gone and its pipes are drained; grandchildren
            // that keep a pipe open get 200 ms.
            if exitStatus != nil, open.isEmpty || now > exitedAt + 200_000_000 { break }
            if exitStatus == nil {
                if control.isCancelled { stop(.cancelled, signal: SIGINT, grace: gracePeriod) }
                if now >= deadline { stop(.timedOut, signal: SIGKILL, grace: 0) }
                if let killAt, now >= killAt { kill(-pid, SIGKILL) }
                if now - lastSample > 50_000_000 {
                    lastSample = now
                    let sample = Self.sample(pid)
                    result.peakThreads = max(result.peakThreads, sample.threads)
                    result.peakMemoryBytes = max(result.peakMemoryBytes, sample.peakMemoryBytes)
                }
            }
            var pollFDs = open.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            // With every pipe closed the child is as good as gone: look for its
            // exit status again soon rather than after a full 20 ms tick.
            let ready = poll(&pollFDs, nfds_t(pollFDs.count), open.isEmpty ? 1 : 20)
            if ready <= 0 { continue }
            var closed: Set<Int32> = []
            for (index, entry) in pollFDs.enumerated() where entry.revents != 0 {
                let count = read(entry.fd, &buffer, buffer.count)
                if count > 0 {
                    let kept = min(count, max(0, outputLimit - total))
                    let chunk = ChildChunk(stream: open[index].stream, bytes: Array(buffer[0..<kept]), time: Clock.now())
                    if kept > 0 {
                        result.chunks.append(chunk)
                        onChunk?(chunk)
                    }
                    total += count
                    if total >= outputLimit, exitStatus == nil { stop(.outputLimit, signal: SIGKILL, grace: 0) }
                } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                    closed.insert(entry.fd)
                }
            }
            for fd in closed { close(fd) }
            open.removeAll { closed.contains($0.fd) }
        }
        for entry in open { close(entry.fd) }
        // Reap anything left in the group.
        kill(-pid, SIGKILL)
        result.endedAt = exitedAt
        result.cpuSeconds = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        // rusage's ru_maxrss is not used: posix_spawn shares the parent's
        // memory until exec, and Linux then reports the parent's peak.
        let status = exitStatus ?? 0
        if let stopReason {
            result.ending = stopReason
        } else if status & 0x7f == 0 {
            result.ending = .exited((status >> 8) & 0xff)
        } else {
            result.ending = .signalled(status & 0x7f)
        }
        return result
    }

    private struct SpawnError: Error { var text: String }
    private static let spawnLock = Mutex(())

    private func spawn(stdoutFD: Int32, stderrFD: Int32, eventsFD: Int32?) -> Result<pid_t, SpawnError> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutFD, 1)
        posix_spawn_file_actions_adddup2(&actions, stderrFD, 2)
        if let eventsFD { posix_spawn_file_actions_adddup2(&actions, eventsFD, 3) }

        var attributes = SpawnAttributes(newProcessGroup: true)
        defer { attributes.destroy() }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes.value, argv, envp)
        guard status == 0 else {
            return .failure(SpawnError(text: "cannot start \(executable): \(String(cString: strerror(status)))"))
        }
        return .success(pid)
    }

    /// Threads and peak resident memory (VmHWM) of a running process.
    private static func sample(_ pid: pid_t) -> (threads: Int, peakMemoryBytes: Int) {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return (0, 0) }
        return ProcStatus.parse(text)
    }
}

/// The monotonic clock shared with the harness in the child (CLOCK_MONOTONIC
/// is system-wide), so both sides' timestamps sit on one axis.
enum Clock {
    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}

/// Reads `/proc/PID/status`.
enum ProcStatus {
    static func parse(_ text: String) -> (threads: Int, peakMemoryBytes: Int) {
        var threads = 0, peak = 0
        for line in text.split(separator: "\n") {
            if line.hasPrefix("Threads:") {
                threads = Int(line.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces)) ?? 0
            } else if line.hasPrefix("VmHWM:") {
                let kilobytes = line.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces).split(separator: " ").first
                peak = (kilobytes.flatMap { Int($0) } ?? 0) * 1024
            }
        }
        return (threads, peak)
    }
}
