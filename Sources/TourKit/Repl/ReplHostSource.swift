/// The two Swift files of the REPL's host, compiled once per toolchain (see
/// ``ReplHost``): the runtime library `AsyncTourRepl`, which the host and
/// every entry share (the store of top-level values, the timed `print`, the
/// entry runner), and the host's `main.swift`, which loads entries with
/// `dlopen`.
enum ReplHostSource {
    static let runtimeModule = "AsyncTourRepl"

    static let runtime = #"""
// Async Tour REPL runtime: shared by the host and every entry. It keeps the
// entries' top-level values, runs each entry as a task on the main actor,
// and timestamps prints as the snippet harness does.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

private let _replEventFD: Int32 = {
    guard let raw = getenv("ASYNC_TOUR_EVENT_FD"), let fd = Int32(String(cString: raw)) else { return 1 }
    return fd
}()
private let _replWriteLock = Mutex(())

private func _replNow() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

public func _replEscape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text.unicodeScalars {
        switch character {
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default: out.unicodeScalars.append(character)
        }
    }
    return out
}

@_silgen_name("swift_task_getJobTaskId")
private func _replJobTaskId(_ job: UnsafeRawPointer) -> UInt64

private func _replTask() -> String {
    withUnsafeCurrentTask { task in
        task.map { String(_replJobTaskId(unsafeBitCast($0, to: UnsafeRawPointer.self))) }
    } ?? "-"
}

private func _replThread() -> String {
    String(UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(bitPattern: UInt(pthread_self())))))
}

private func _replStdout() -> UnsafeMutablePointer<FILE>? {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "stdout") else { return nil }
    return symbol.assumingMemoryBound(to: UnsafeMutablePointer<FILE>?.self).pointee
}
nonisolated(unsafe) private let _replCStdout = _replStdout()

/// One event line (0x1F first) on the events descriptor, after C's stdout.
public func _replEmit(_ line: String) {
    if let out = _replCStdout { fflush(out) }
    var bytes: [UInt8] = [0x1F]
    bytes += line.utf8
    bytes.append(10)
    _replWriteLock.withLock { _ in
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(_replEventFD, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}

public func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { String(describing: $0) }.joined(separator: separator)
    let name = Task.name.map(_replEscape) ?? ""
    _replEmit("P\t\(_replNow())\t\(_replTask())\t\(_replThread())\t\(name)\t\(_replEscape(text + terminator))")
}

// ---- the store of top-level values

public final class _ReplBox: @unchecked Sendable {
    public let value: Any
    public let type: String
    public let mutable: Bool
    init(_ value: Any, type: String, mutable: Bool) { (self.value, self.type, self.mutable) = (value, type, mutable) }
}
private let _replStore = Mutex<[String: _ReplBox]>([:])
private let _replOrder = Mutex<[String]>([])

private func _replPut(_ name: String, _ box: _ReplBox, announce: Bool) {
    _replStore.withLock { $0[name] = box }
    _replOrder.withLock { order in
        order.removeAll { $0 == name }
        order.append(name)
    }
    if announce { _replEmit("R\tV\t\(_replEscape(name))\t\(box.mutable ? "var" : "let")\t\(_replEscape(box.type))") }
}

/// Keeps a `let` of an entry for later ones, with its static type's name.
public func _replKeep<T>(_ name: String, _ value: T) {
    _replPut(name, _ReplBox(value, type: _typeName(T.self, qualified: true), mutable: false), announce: true)
}

/// Keeps a `var` (inout, so the entry's `var` counts as mutated).
public func _replKeep<T>(_ name: String, _ value: inout T) {
    _replPut(name, _ReplBox(value, type: _typeName(T.self, qualified: true), mutable: true), announce: true)
}

public func _replGet<T>(_ name: String, _ type: T.Type) -> T {
    guard let box = _replStore.withLock({ $0[name] }) else {
        fatalError("the REPL lost '\(name)' when its host restarted; declare it again")
    }
    guard let value = box.value as? T else { fatalError("'\(name)' no longer holds a \(_typeName(T.self))") }
    return value
}

public func _replSet<T>(_ name: String, _ value: T) {
    _replPut(name, _ReplBox(value, type: _typeName(T.self, qualified: true), mutable: true), announce: false)
}

public func _replForget(_ name: String) {
    _ = _replStore.withLock { $0.removeValue(forKey: name) }
    _replOrder.withLock { $0.removeAll { $0 == name } }
}

/// Prints the value of an entry that is one expression; Void prints nothing.
public func _replEcho<T>(_ value: T) {
    if T.self == Void.self { return }
    print(_replDescribe(value))
}

private func _replDescribe<T>(_ value: T) -> String {
    // A task's reflection shows only its private storage.
    if _typeName(type(of: value as Any), qualified: true).hasPrefix("Swift.Task<") { return "a Task (await its .value)" }
    var text = String(reflecting: value)
    if text.utf8.count > 4000 { text = String(text.prefix(2000)) + " …" }
    return text
}

public func _replListVariables() {
    let names = _replOrder.withLock { $0 }
    for name in names {
        guard let box = _replStore.withLock({ $0[name] }) else { continue }
        let value = _replDescribe(box.value)
        _replEmit("R\tL\t\(_replEscape(name))\t\(box.mutable ? "var" : "let")\t\(_replEscape(box.type))\t\(_replEscape(value))")
    }
    _replEmit("R\tl")
}

public func _replReset() {
    _replStore.withLock { $0 = [:] }
    _replOrder.withLock { $0 = [] }
}

// ---- running entries

private func _replCPU() -> UInt64 {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let micro = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1_000_000 + Int(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
    return UInt64(max(0, micro)) * 1000
}

private func _replPeakKilobytes() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("VmRSS:") {
            let fields = text.dropFirst(6).split(whereSeparator: { $0 == " " || $0 == "\t" })
            return Int(fields.first ?? "") ?? 0
        }
    }
    return 0
}

private let _replCurrent = Mutex<Task<Void, Never>?>(nil)

/// Cancels the running entry's task: Ctrl-C, or the entry's time limit.
public func _replCancelCurrent() {
    _replCurrent.withLock { $0?.cancel() }
}

/// Called by each entry's C entry point: runs the entry's body as a task on
/// the main actor, like top-level code, and reports how it ended.
public func _replRun(_ number: Int, _ body: @escaping @MainActor @Sendable () async throws -> Void) {
    let cpu = _replCPU()
    _replCurrent.withLock { current in
        current = Task { @MainActor in
            _replEmit("S\t\(_replNow())\t\(_replTask())\t\(_replThread())")
            var status = "ok"
            do {
                try await body()
            } catch is CancellationError {
                status = "cancelled"
                print("error: CancellationError()")
            } catch {
                status = "threw"
                print("error: \(String(reflecting: error))")
            }
            if let out = _replCStdout { fflush(out) }
            _replEmit("E\t\(_replNow())\t\(_replPeakKilobytes())")
            _replEmit("R\tD\t\(number)\t\(status)\t\(_replCPU() &- cpu)")
        }
    }
}
"""#

    static let host = #"""
// Async Tour REPL host: loads each compiled entry with dlopen and runs it.
// Commands, one a line on standard input, tab-separated:
//   run N PATH   load an entry's library and run it
//   load PATH    load a library only (declarations restored after a restart)
//   vars         list the kept values;  forget NAME;  reset
import AsyncTourRepl
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

typealias ReplEntryPoint = @convention(c) () -> Void

if let out = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "stdout")?.assumingMemoryBound(to: UnsafeMutablePointer<FILE>?.self).pointee {
    setvbuf(out, nil, _IOLBF, 0)
}

// Ctrl-C cancels the running entry: the handler writes a byte, a thread cancels.
nonisolated(unsafe) var interruptPipe: [Int32] = [-1, -1]
_ = pipe(&interruptPipe)
var interruptThread = pthread_t()
pthread_create(&interruptThread, nil, { _ in
    var byte: UInt8 = 0
    while true {
        let count = read(interruptPipe[0], &byte, 1)
        if count < 0 && errno == EINTR { continue }
        if count <= 0 { return nil }
        _replCancelCurrent()
    }
}, nil)
signal(SIGINT) { _ in
    var byte: UInt8 = 1
    _ = write(interruptPipe[1], &byte, 1)
}

func load(_ path: String) -> UnsafeMutableRawPointer? {
    guard let handle = dlopen(path, RTLD_NOW | RTLD_GLOBAL) else {
        let reason = dlerror().map { String(cString: $0) } ?? "unknown"
        _replEmit("R\tF\t\(_replEscape(reason))")
        return nil
    }
    return handle
}

var readerThread = pthread_t()
pthread_create(&readerThread, nil, { _ in
    var line: UnsafeMutablePointer<CChar>?
    var capacity = 0
    while getline(&line, &capacity, stdin) > 0 {
        var text = String(cString: line!)
        if text.hasSuffix("\n") { text.removeLast() }
        let fields = text.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        switch fields.first {
        case "run" where fields.count == 3:
            guard let handle = load(fields[2]) else { continue }
            guard let symbol = dlsym(handle, "async_tour_repl_entry_" + fields[1]) else {
                _replEmit("R\tF\tno entry point in \(_replEscape(fields[2]))")
                continue
            }
            unsafeBitCast(symbol, to: ReplEntryPoint.self)()
        case "load" where fields.count == 2:
            if load(fields[1]) != nil { _replEmit("R\tO") }
        case "vars": _replListVariables()
        case "forget" where fields.count == 2: _replForget(fields[1])
        case "reset": _replReset()
        default: _replEmit("R\tF\tunknown command")
        }
    }
    exit(0)
}, nil)
// Foundation is loaded now, on the main thread: CoreFoundation, loaded
// for the first time by dlopen on another thread once dispatch_main has
// ended the main thread, never finishes starting (measured: the entry hangs).
_ = dlopen("libFoundation.so", RTLD_NOW | RTLD_GLOBAL)
_replEmit("R\tH\t\(getpid())")
dispatchMain()
"""#
}
