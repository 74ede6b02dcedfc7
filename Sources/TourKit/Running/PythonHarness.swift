/// The Python side of the harness: a small Python 3 program that runs a
/// ```` ```python ```` snippet and writes the same events as the Swift
/// harness (`Harness.swift`), so `TranscriptBuilder`, `RunReport`, the
/// report and the print timeline work unchanged.
///
/// It is written next to the snippet and run as
/// `python3 harness.py program.py CHAPTER FIRST_LINE`. It
/// - replaces `print`: a print to standard output becomes one event line,
///   `0x1F P <ns> <task> <thread> <task name> <text>`, with
///   `time.monotonic_ns()` (CLOCK_MONOTONIC, the tour's clock), the
///   asyncio task's id and `get_name()` (`Task-1`…) and
///   `threading.get_ident()`;
/// - writes its events through the same `sys.stdout` the program writes to,
///   line-buffered, so output that bypasses `print` (`sys.stdout.write`)
///   keeps its place among the prints;
/// - numbers each asyncio task through a task factory on every loop it sees
///   created, and writes `C` (created, with its final name) and `F`
///   (finished) events for its lane;
/// - compiles the snippet under the chapter's path with its code on the
///   chapter's own lines, so a syntax error or a traceback names
///   `chapter.md`, line N;
/// - ends with `E <ns> <peak kB>` (`ru_maxrss`).
/// SIGINT keeps Python's meaning: `asyncio.run` cancels the main task, so
/// the program's `except CancelledError` runs first; the harness then
/// exits with 130 without a traceback.
public enum PythonHarness {
    /// Exit status of a run stopped by SIGINT after the program handled it.
    public static let interruptedStatus: Int32 = 130

    public static let source = #"""
import asyncio, atexit, builtins, linecache, os, sys, threading, time, traceback, warnings

def _tour_main():
    program_path, display_name, first_line = sys.argv[1], sys.argv[2], int(sys.argv[3])
    events = os.environ.get("ASYNC_TOUR_EVENT_FD") is not None
    out = sys.stdout
    try:
        out.reconfigure(line_buffering=True, errors="backslashreplace")
    except Exception:
        pass
    lock = threading.Lock()
    real_print = builtins.print
    harness_file = os.path.abspath(__file__)

    def escape(text):
        return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")

    def emit(line):
        with lock:
            out.write("\x1f" + line + "\n")

    task_ids = {}

    def current():
        try:
            task = asyncio.current_task()
        except RuntimeError:
            task = None
        if task is None:
            return "-", ""
        number = task_ids.get(task)
        return (str(number) if number is not None else "-"), escape(task.get_name())

    def tour_print(*args, sep=" ", end="\n", file=None, flush=False):
        target = sys.stdout if file is None else file
        if not events or target is not out:
            return real_print(*args, sep=sep, end=end, file=file, flush=flush)
        text = (" " if sep is None else sep).join(str(arg) for arg in args) + ("\n" if end is None else end)
        task, name = current()
        emit("P\t%d\t%s\t%d\t%s\t%s" % (time.monotonic_ns(), task, threading.get_ident(), name, escape(text)))

    def install(loop):
        # A task's done callbacks are scheduled (call_soon) the moment it
        # completes, but run only when the loop is free: a loop blocked by
        # time.sleep runs them seconds later. So its end is recorded when
        # its marker callback is scheduled, not when it runs.
        original_call_soon = loop.call_soon
        def call_soon(callback, *args, context=None):
            announce = getattr(callback, "_tour_task_end", None)
            if announce is not None:
                # A task can complete in its first step, before the call
                # that announces it: the creation comes first all the same.
                number = announce()
                emit("F\t%d\t%d" % (time.monotonic_ns(), number))
            return original_call_soon(callback, *args, context=context)
        loop.call_soon = call_soon

        shutting_down = []
        def factory(loop, coro, **kwargs):
            task = asyncio.Task(coro, loop=loop, **kwargs)
            # asyncio.run's own clean-up tasks are not the program's, nor
            # the tasks they start (shutdown_asyncgens closes each async
            # generator still open in a task of its own).
            if shutting_down or getattr(coro, "__qualname__", "").startswith("BaseEventLoop.shutdown_"):
                shutting_down.append(True)
                return task
            number = len(task_ids) + 1
            task_ids[task] = number
            created = time.monotonic_ns()
            thread = threading.get_ident()
            announced = []
            def announce():
                if not announced:
                    announced.append(True)
                    emit("C\t%d\t%d\t%d\t%s" % (created, number, thread, escape(task.get_name())))
                return number
            # Called soon, when create_task has given the task its final name.
            original_call_soon(announce)
            def ended(_):
                pass
            ended._tour_task_end = announce
            task.add_done_callback(ended)
            return task
        loop.set_task_factory(factory)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        policy = asyncio.get_event_loop_policy()
    original_new_loop = policy.new_event_loop

    def new_loop():
        loop = original_new_loop()
        install(loop)
        return loop
    policy.new_event_loop = new_loop

    def finish():
        try:
            import resource
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            if sys.platform == "darwin":
                peak //= 1024
        except Exception:
            peak = 0
        if events:
            emit("E\t%d\t%d" % (time.monotonic_ns(), peak))
        try:
            out.flush()
        except Exception:
            pass

    with open(program_path, encoding="utf-8") as file:
        code = file.read()
    source = "\n" * (first_line - 1) + code
    lines = source.splitlines(True)
    linecache.cache[display_name] = (len(source), None, lines, display_name)
    if events:
        emit("S\t%d\t-\t%d" % (time.monotonic_ns(), threading.get_ident()))
        builtins.print = tour_print
    # After the program's own exit handlers and its threads: the last event.
    atexit.register(finish)
    status = 0
    try:
        compiled = compile(source, display_name, "exec", dont_inherit=True)
        sys.argv = [display_name]
        module = type(sys)("__main__")
        module.__file__ = display_name
        module.__builtins__ = builtins
        sys.modules["__main__"] = module
        exec(compiled, module.__dict__)
    except SystemExit as error:
        code = error.code
        status = code if isinstance(code, int) else (0 if code is None else 1)
        if code is not None and not isinstance(code, int):
            sys.stderr.write(str(code) + "\n")
    except KeyboardInterrupt:
        status = 130
    except BaseException as error:
        tb = error.__traceback__
        while tb is not None and os.path.abspath(tb.tb_frame.f_code.co_filename) == harness_file:
            tb = tb.tb_next
        traceback.print_exception(type(error), error, tb)
        status = 1
    sys.exit(status)

_tour_main()
"""#
}
