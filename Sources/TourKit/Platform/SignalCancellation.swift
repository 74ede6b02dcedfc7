#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// SIGINT, SIGTERM and SIGHUP for the commands that run snippets without
/// the shell (`run`, `test`): the first one cancels the work, which stops
/// each running snippet as Ctrl-C in the shell does (SIGINT, a grace
/// period, SIGKILL) and each compile; a second one, or work that has not
/// stopped within `patience` seconds, stops every process at once.
/// Either way nothing the tour started is left running.
public enum SignalCancellation {
    public static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Runs `body`; returns its result and the signal that cancelled it, if any.
    public static func run<T: Sendable>(patience: Double = 3,
                                        _ body: @escaping @Sendable () async -> T) async -> (T, signal: Int32?) {
        let taken = Mutex<Int32?>(nil)
        let work = Task { await body() }
        let queue = DispatchQueue(label: "async-tour signals")
        var sources: [any DispatchSourceSignal] = []
        for number in handled {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                let first = taken.withLock { current -> Bool in
                    defer { if current == nil { current = number } }
                    return current == nil
                }
                if first {
                    work.cancel()
                    // Work that does not stop in time is not waited for.
                    queue.asyncAfter(deadline: .now() + patience) {
                        ProcessTree.stopEverything()
                        exit(128 + number)
                    }
                } else {
                    ProcessTree.stopEverything()
                    exit(128 + number)
                }
            }
            source.resume()
            sources.append(source)
        }
        let value = await work.value
        for source in sources { source.cancel() }
        let signal = taken.withLock { $0 }
        if signal != nil { ProcessTree.stopEverything() }
        return (value, signal)
    }

    /// `SIGTERM`
    public static func name(_ signal: Int32) -> String {
        switch signal {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        case SIGHUP: return "SIGHUP"
        default: return "signal \(signal)"
        }
    }
}
