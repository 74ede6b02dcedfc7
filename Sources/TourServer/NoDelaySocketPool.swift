import FlyingSocks
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// FlyingFox's socket pool, with Nagle's algorithm turned off on every
/// socket it waits for.
///
/// FlyingFox writes a response's header and its body in two `write`s.
/// With Nagle's algorithm on, the kernel holds the body back until the
/// client acknowledges the header, and a client on a reused (keep-alive)
/// connection delays that acknowledgement by about 40 ms. Every answer
/// after the first on a connection came 40 ms late: three sequential
/// one-second requests took 3.09 s, twenty in waves of six took 4.14 s.
/// `TCP_NODELAY` sends the body at once.
///
/// FlyingFox gives no hook on accepted sockets, but every socket passes
/// through the pool when it would block. The listening socket does so
/// before its first connection, and Linux copies the option from it to
/// the sockets it accepts; a connection socket also gets it directly the
/// first time it waits for a request.
struct NoDelaySocketPool<Base: AsyncSocketPool>: AsyncSocketPool {
    let base: Base

    func prepare() async throws {
        try await base.prepare()
    }

    func run() async throws {
        try await base.run()
    }

    func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        var on: Int32 = 1
        // Fails harmlessly on sockets that are not TCP.
        _ = setsockopt(
            socket.file.rawValue, Int32(IPPROTO_TCP), TCP_NODELAY,
            &on, socklen_t(MemoryLayout<Int32>.size)
        )
        try await base.suspendSocket(socket, untilReadyFor: events)
    }
}
