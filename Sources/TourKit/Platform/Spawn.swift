internal import CTourSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way the tour starts a program: snippets, swiftc, the lesson
/// server and the learner's editor all come through here.
///
/// The system calls are made in C (`CTourSupport`): pipes are created
/// close-on-exec in one step with `pipe2`, the child gets default signal
/// actions and no descriptor but the ones asked for, and it can be put in a
/// session of its own.
enum Spawn {
    enum Stream: Sendable {
        case inherit, null, pipe
    }

    enum Group: Sendable {
        /// The tour's own group: the terminal's foreground group.
        case inherit
        /// A process group of its own.
        case newGroup
        /// A session of its own, with no controlling terminal.
        case newSession
    }

    struct Request: Sendable {
        var executable: String
        var arguments: [String]
        var environment: [String: String]
        var stdin: Stream = .null
        var stdout: Stream = .pipe
        var stderr: Stream = .pipe
        var eventsPipe = false
        /// The events go down standard output's pipe, in order with it.
        var eventsOnStdout = false
        /// A descriptor to hand to the child as its fd 4.
        var traceDescriptor: Int32?
        var group: Group = .newSession
        var directory: String?
    }

    /// A started child and the tour's ends of its pipes (-1 where none).
    struct Child: Sendable {
        var pid: pid_t
        var stdin: Int32
        var stdout: Int32
        var stderr: Int32
        var events: Int32
    }

    struct Failure: Error, Sendable, CustomStringConvertible {
        var executable: String
        var code: Int32

        var description: String {
            let reason = String(cString: strerror(code))
            return localized("cannot start \(executable): \(reason)")
        }
    }

    static func start(_ request: Request) -> Result<Child, Failure> {
        var options = tour_spawn_options()
        options.stdin_mode = mode(request.stdin)
        options.stdout_mode = mode(request.stdout)
        options.stderr_mode = mode(request.stderr)
        options.events_pipe = request.eventsOnStdout ? 2 : request.eventsPipe ? 1 : 0
        options.trace_fd = request.traceDescriptor ?? -1
        switch request.group {
        case .inherit: options.group = TOUR_GROUP_INHERIT
        case .newGroup: options.group = TOUR_GROUP_NEW
        case .newSession: options.group = TOUR_GROUP_NEW_SESSION
        }
        let argv = ([request.executable] + request.arguments).map { strdup($0) } + [nil]
        let envp = request.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        ProcessTree.prepare()
        var result = tour_spawn_result()
        // A program written just now (a script) can be briefly held open for
        // writing by a child that another thread is spawning, until that
        // child's exec closes it: exec then fails with ETXTBSY. Try again.
        var code: Int32 = ETXTBSY
        for attempt in 0..<20 where code == ETXTBSY {
            if attempt > 0 { usleep(5_000) }
            code = spawnOnce(request, argv: argv, envp: envp, options: &options, result: &result)
        }
        guard code == 0 else { return .failure(Failure(executable: request.executable, code: code)) }
        return .success(Child(pid: result.pid, stdin: result.stdin_fd, stdout: result.stdout_fd,
                              stderr: result.stderr_fd, events: result.events_fd))
    }

    private static func spawnOnce(_ request: Request, argv: [UnsafeMutablePointer<CChar>?], envp: [UnsafeMutablePointer<CChar>?],
                                  options: inout tour_spawn_options, result: inout tour_spawn_result) -> Int32 {
        ProcessTree.registry.spawning.withLock { _ in
            let code: Int32
            if let directory = request.directory {
                code = directory.withCString { path in
                    options.directory = path
                    return tour_spawn(request.executable, argv, envp, &options, &result)
                }
            } else {
                code = tour_spawn(request.executable, argv, envp, &options, &result)
            }
            if code == 0 { ProcessTree.registry.adopt(result.pid) }
            return code
        }
    }

    private static func mode(_ stream: Stream) -> tour_stream_mode {
        switch stream {
        case .inherit: return TOUR_STREAM_INHERIT
        case .null: return TOUR_STREAM_NULL
        case .pipe: return TOUR_STREAM_PIPE
        }
    }
}
