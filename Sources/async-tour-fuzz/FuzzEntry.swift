import Foundation
import TourFuzzing

/// Built by `scripts/fuzz` with `-sanitize=fuzzer -DFUZZING`, this is a
/// libFuzzer binary over chapter loading and rendering; built plainly it
/// replays the files given as arguments (saved crashes, slow inputs), with
/// the time each takes.
///
/// SwiftPM links every executable with its entry point renamed and `main`
/// defined as an alias of it, so libFuzzer's own `main` is never used; this
/// one hands control to libFuzzer's driver instead.
@main
struct FuzzEntry {
    static func main() {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        // A C callback cannot capture: the choice is read in it (getenv is cheap).
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            let highlight = getenv("ASYNC_TOUR_FUZZ_NO_HIGHLIGHT") == nil
            let render = getenv("ASYNC_TOUR_FUZZ_LOAD_ONLY") == nil
            ChapterFuzzer.fuzzOne(UnsafeRawBufferPointer(start: data, count: size), highlight: highlight, render: render)
            return 0
        })
        #else
        replay(Array(CommandLine.arguments.dropFirst()))
        #endif
    }

    static func replay(_ paths: [String]) {
        if paths.isEmpty {
            FileHandle.standardError.write(Data("usage: async-tour-fuzz FILE...\n  (scripts/fuzz runs the fuzzer itself)\n".utf8))
            exit(2)
        }
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
                exit(1)
            }
            let start = ContinuousClock.now
            let characters = data.withUnsafeBytes { ChapterFuzzer.fuzzOne($0) }
            let elapsed = ContinuousClock.now - start
            print("\(path): \(data.count) bytes, \(characters) characters rendered, \(elapsed)")
        }
    }
}

#if FUZZING
/// libFuzzer's driver (compiler-rt, linked by `-sanitize=fuzzer`):
/// `int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*cb)(const uint8_t *, size_t))`.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32
#endif
