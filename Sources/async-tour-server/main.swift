#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import TourServer

// The networking chapter's HTTP server, in a process of its own.
//
// async-tour starts it for the first snippet that needs it, reads the base
// URL from the first line it prints, and holds the write end of its stdin.
// When async-tour ends, however it ends, that pipe closes and the server
// leaves. Kept out of the shell's process, the server's libraries
// (FoundationNetworking, curl, TLS) do not weigh on every idle shell.

let url: String
do {
    url = try await LessonServer.shared.baseURL()
} catch {
    FileHandle.standardError.write(Data("async-tour-server: \(error)\n".utf8))
    exit(1)
}
FileHandle.standardOutput.write(Data((url + "\n").utf8))
// Nothing more goes to the pipe that async-tour stops reading.
let devNull = open("/dev/null", O_WRONLY)
if devNull >= 0 { dup2(devNull, STDOUT_FILENO) }

Thread.detachNewThread {
    var buffer = [UInt8](repeating: 0, count: 256)
    while true {
        let count = read(STDIN_FILENO, &buffer, buffer.count)
        if count == 0 || (count < 0 && errno != EINTR) { exit(0) }
    }
}
while true {
    try? await Task.sleep(for: .seconds(3600))
}
