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
        /// The program's resident memory passed the limit and it was killed.
        case memoryLimit
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
    /// Processes the run left behind that the sweep stopped.
    var leftoversStopped = 0
    /// A teardown had to send SIGKILL: the child did not leave when asked.
    var forced = false
    /// The child called exit (rather than dying of a signal).
    var exitedNormally = false
    /// The signal the child died of, whoever sent it.
    var deathSignal: Int32?
}

struct ChildChunk: Sendable {
    enum Stream: Sendable { case stdout, stderr, events }
    var stream: Stream
    var bytes: [UInt8]
    var time: UInt64
}

/// The part of a running child that another task may touch: a request to
/// stop it, and how.
final class ChildControl: Sendable {
    private let request = Mutex<(teardown: Teardown, ending: ChildResult.Ending)?>(nil)

    /// Asks the monitor to stop the child with `teardown`, and to report
    /// `ending`; the first request wins.
    func stop(_ teardown: Teardown, because ending: ChildResult.Ending = .cancelled) {
        request.withLock { current in
            if current == nil { current = (teardown, ending) }
        }
    }

    func cancel() { stop(.interrupt(grace: 0.5)) }

    var requested: (teardown: Teardown, ending: ChildResult.Ending)? { request.withLock { $0 } }
    var isCancelled: Bool { requested != nil }
}

/// Runs a program in a session of its own, with an extra pipe on fd 3 for
/// the harness's events, collects everything it prints, and makes sure
/// that nothing it started outlives it.
///
/// Foundation's Process can neither hand the child a third pipe nor report
/// the child's rusage, and both are needed: fd 3 carries the timed print
/// events, rusage gives CPU time even after a crash.
struct ChildProcess: Sendable {
    var executable: String
    var arguments: [String]
    var environment: [String: String]
    var timeout: Double
    /// Bytes of output before the child is stopped.
    var outputLimit: Int = 4 << 20
    /// When set, only the first `lineCap` bytes of each line count towards
    /// `outputLimit` (what a transcript that cuts long lines keeps); every
    /// byte still counts towards `readLimit`.
    var lineCap: Int?
    /// Bytes read, counted or not, before the child is stopped.
    var readLimit: Int = .max
    /// Whether the chunks are kept in the result as well as handed to
    /// `onChunk` (a caller that builds its own transcript does not need
    /// them twice).
    var keepsChunks = true
    /// Resident memory (bytes) past which the child is killed; 0 for none.
    var memoryLimit: Int = 0
    /// How a cancelled child is stopped.
    var cancelTeardown = Teardown.interrupt(grace: 0.5)
    /// Whether to open the events pipe on fd 3.
    var eventsPipe = false
    /// fd 3 shares standard output's pipe instead (events marked by the
    /// harness), so both keep the order the program wrote them in.
    var eventsOnStdout = false
    /// The runtime trace's memory file, handed to the child as fd 4.
    var traceDescriptor: Int32?
    var directory: String?
    /// Bytes for the child's standard input, then end of file; nil for
    /// /dev/null. At most what a pipe holds (64 KiB on Linux, 16 KiB on
    /// older Darwin), so they are written at once and the tour never waits.
    var input: [UInt8]?
    static let maxInput = 60 * 1024
    /// Opens a pipe to the child's standard input; `onSpawn` gets the pid
    /// and the tour's end of it (a long-lived child the tour talks to: the
    /// REPL's host). The descriptor is closed when the child has ended.
    var stdinPipe = false
    var onSpawn: (@Sendable (_ pid: pid_t, _ stdin: Int32) -> Void)?

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
            control.stop(cancelTeardown)
        }
    }

    /// Writes `bytes` to the child's standard input without blocking, then
    /// closes it. A child that has already gone makes the write fail with
    /// EPIPE; SIGPIPE is blocked on this thread for the write, and one it
    /// left pending is taken, so it never reaches the tour.
    static func feed(_ bytes: [UInt8], to fd: Int32) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
        var offset = 0
        var broken = false
        while offset < bytes.count, offset < maxInput {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, min($0.count, maxInput - offset)) }
            if written > 0 { offset += written; continue }
            if written < 0, errno == EINTR { continue }
            broken = written < 0 && errno == EPIPE
            break
        }
        var pending = sigset_t()
        if broken, sigpending(&pending) == 0, sigismember(&pending, SIGPIPE) == 1 {
            var taken: Int32 = 0
            _ = sigwait(&pipeSignal, &taken)
        }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        close(fd)
    }

    /// Runs on a dedicated thread: poll, read, reap, sweep.
    func runBlocking(control: ChildControl, onChunk: (@Sendable (ChildChunk) -> Void)?) -> ChildResult {
        var result = ChildResult(ending: .launchFailed(""), chunks: [], spawnedAt: Clock.now(), endedAt: Clock.now(),
                                 cpuSeconds: 0, peakMemoryBytes: 0, peakThreads: 0)
        let token = UUID().uuidString
        var childEnvironment = environment
        let marker = ProcessTree.marker(for: token)
        childEnvironment[marker.name] = marker.value
        let request = Spawn.Request(executable: executable, arguments: arguments, environment: childEnvironment,
                                    stdin: input == nil && !stdinPipe ? .null : .pipe, stdout: .pipe, stderr: .pipe,
                                    eventsPipe: eventsPipe, eventsOnStdout: eventsOnStdout,
                                    traceDescriptor: traceDescriptor, group: .newSession, directory: directory)
        let child: Spawn.Child
        switch Spawn.start(request) {
        case .success(let started): child = started
        case .failure(let failure):
            result.ending = .launchFailed(failure.description)
            return result
        }
        let pid = child.pid
        if let input, child.stdin >= 0 { Self.feed(input, to: child.stdin) }
        let target = ProcessTree.Target(token: token, session: pid)
        ProcessTree.registry.begin(target)
        result.spawnedAt = Clock.now()
        onSpawn?(pid, child.stdin)
        let streams: [(Int32, ChildChunk.Stream)] = [(child.stdout, .stdout), (child.stderr, .stderr), (child.events, .events)]
        var open = streams.filter { $0.0 >= 0 }.map { (fd: $0.0, stream: $0.1) }
        for entry in open { _ = fcntl(entry.fd, F_SETFL, fcntl(entry.fd, F_GETFL) | O_NONBLOCK) }
        let deadline = result.spawnedAt + Limits.nanoseconds(timeout)
        var total = 0
        var readBytes = 0
        var lineBytes: [ChildChunk.Stream: Int] = [:]
        var stopReason: ChildResult.Ending?
        var teardown: TeardownProgress?
        var exitStatus: Int32?
        var usage = rusage()
        var exitedAt: UInt64 = 0
        var lastSample: UInt64 = 0
        var swept = false
        var buffer = [UInt8](repeating: 0, count: 65536)

        func stop(_ reason: ChildResult.Ending, _ how: Teardown) {
            guard stopReason == nil else { return }
            stopReason = reason
            teardown = TeardownProgress(how)
        }

        while true {
            let now = Clock.now()
            if exitStatus == nil {
                var status: Int32 = 0
                if wait4(pid, &status, WNOHANG, &usage) == pid {
                    exitStatus = status
                    exitedAt = now
                    ProcessTree.registry.release(pid)
                }
            }
            // The child is gone: whatever it left running goes too, which
            // also closes pipes a grandchild kept open.
            if exitStatus != nil, !swept {
                swept = true
                result.leftoversStopped = ProcessTree.sweep(target)
            }
            // Done once the child is gone and its pipes are drained; a
            // descendant the sweep could not reach gets 200 ms.
            if exitStatus != nil, open.isEmpty || now > exitedAt + 200_000_000 { break }
            if exitStatus == nil {
                if let requested = control.requested { stop(requested.ending, requested.teardown) }
                if now >= deadline { stop(.timedOut, .kill) }
                if now - lastSample > 50_000_000 {
                    lastSample = now
                    let sample = Self.sample(pid)
                    result.peakThreads = max(result.peakThreads, sample.threads)
                    result.peakMemoryBytes = max(result.peakMemoryBytes, sample.peakMemoryBytes)
                    if memoryLimit > 0, sample.residentBytes > memoryLimit { stop(.memoryLimit, .kill) }
                }
                teardown?.advance(now: now) { signal in
                    if signal == SIGKILL { result.forced = true }
                    _ = kill(-pid, signal)
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
                if count > 0, let lineCap {
                    // Count what a line-capped transcript keeps.
                    let stream = open[index].stream
                    var counted = 0
                    buffer.withUnsafeBufferPointer { bytes in
                        var start = 0
                        while start < count {
                            let rest = count - start
                            let newline = memchr(bytes.baseAddress! + start, 10, rest).map {
                                bytes.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self))
                            }
                            let piece = (newline ?? count) - start
                            let room = max(0, lineCap - lineBytes[stream, default: 0])
                            counted += min(piece, room)
                            if let newline {
                                lineBytes[stream] = 0
                                counted += 1
                                start = newline + 1
                            } else {
                                lineBytes[stream, default: 0] += piece
                                start = count
                            }
                        }
                    }
                    readBytes += count
                    // Past the limit, what the child still writes while it is
                    // being killed is read and dropped.
                    if stopReason != .outputLimit {
                        let chunk = ChildChunk(stream: stream, bytes: Array(buffer[0..<count]), time: Clock.now())
                        if keepsChunks { result.chunks.append(chunk) }
                        onChunk?(chunk)
                    }
                    total += counted
                    if total >= outputLimit || readBytes >= readLimit, exitStatus == nil { stop(.outputLimit, .kill) }
                } else if count > 0 {
                    let kept = min(count, max(0, outputLimit - total))
                    if kept > 0 {
                        let chunk = ChildChunk(stream: open[index].stream, bytes: Array(buffer[0..<kept]), time: Clock.now())
                        if keepsChunks { result.chunks.append(chunk) }
                        onChunk?(chunk)
                    }
                    total += count
                    if total >= outputLimit, exitStatus == nil { stop(.outputLimit, .kill) }
                } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                    closed.insert(entry.fd)
                }
            }
            for fd in closed { close(fd) }
            open.removeAll { closed.contains($0.fd) }
        }
        for entry in open { close(entry.fd) }
        if child.stdin >= 0, input == nil { close(child.stdin) }
        ProcessTree.registry.end(token)
        result.endedAt = exitedAt
        result.cpuSeconds = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        // rusage's ru_maxrss is not used: posix_spawn shares the parent's
        // memory until exec, and Linux then reports the parent's peak.
        let status = exitStatus ?? 0
        result.exitedNormally = exitStatus != nil && status & 0x7f == 0
        if exitStatus != nil, status & 0x7f != 0 { result.deathSignal = status & 0x7f }
        if let stopReason {
            result.ending = stopReason
        } else if status & 0x7f == 0 {
            result.ending = .exited((status >> 8) & 0xff)
        } else {
            result.ending = .signalled(status & 0x7f)
        }
        return result
    }

    /// Threads, resident and peak resident memory of a running process.
    private static func sample(_ pid: pid_t) -> ProcStatus.Sample {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return ProcStatus.Sample() }
        return ProcStatus.parse(text)
    }
}

/// The monotonic clock shared with the harness in the child (CLOCK_MONOTONIC
/// is system-wide), so both sides' timestamps sit on one axis.
enum Clock {
    static func now() -> UInt64 {
        ProcessTree.monotonicNanoseconds()
    }
}

/// Reads `/proc/PID/status`.
enum ProcStatus {
    struct Sample: Sendable, Equatable {
        var threads = 0
        var peakMemoryBytes = 0
        var residentBytes = 0
    }

    static func parse(_ text: String) -> Sample {
        var sample = Sample()
        func kilobytes(_ line: Substring, after prefix: String) -> Int {
            let value = line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces).split(separator: " ").first
            let count = value.flatMap { Int($0) } ?? 0
            return count.multipliedReportingOverflow(by: 1024).overflow ? Int.max : count * 1024
        }
        for line in text.split(separator: "\n") {
            if line.hasPrefix("Threads:") {
                sample.threads = Int(line.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces)) ?? 0
            } else if line.hasPrefix("VmHWM:") {
                sample.peakMemoryBytes = kilobytes(line, after: "VmHWM:")
            } else if line.hasPrefix("VmRSS:") {
                sample.residentBytes = kilobytes(line, after: "VmRSS:")
            }
        }
        return sample
    }
}
