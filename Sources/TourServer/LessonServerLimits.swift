/// How much the lesson server accepts, and for how long it waits.
///
/// Every connection is served in a task of its own, so a client that is
/// slow, idle or hostile holds only its own connection, and only for the
/// times below; the head of a request is refused as soon as it passes a
/// size limit, without reading the rest.
public struct LessonServerLimits: Sendable, Equatable {
    /// The longest request line (`GET /path HTTP/1.1`, without CRLF);
    /// longer ones are answered `414 URI Too Long`.
    public var maximumRequestLineBytes = 8 * 1_024
    /// The longest head, request line and header fields together;
    /// longer ones are answered `431 Request Header Fields Too Large`.
    public var maximumHeadBytes = 32 * 1_024
    /// The most header fields in one request, also answered `431`.
    public var maximumFieldCount = 100
    /// The longest body (`Content-Length`); longer ones are answered
    /// `413 Payload Too Large` without being read.
    public var maximumBodyBytes = 1_024 * 1_024
    /// How long a request's head may take to arrive, from the connection's
    /// start or from the first byte of a later request on it. A head that
    /// has begun is answered `408 Request Timeout`; a connection that sent
    /// nothing is closed.
    public var headerTimeout: Duration = .seconds(5)
    /// How long a keep-alive connection may wait for its next request
    /// before the server closes it.
    public var idleTimeout: Duration = .seconds(15)
    /// How long a body may take to arrive after its head: `408` then.
    public var bodyTimeout: Duration = .seconds(10)
    /// How long the client may take to take in an answer.
    public var sendTimeout: Duration = .seconds(30)
    /// How long an endpoint may take before it is answered
    /// `500 Internal Server Error`; longer than the longest `/delay`.
    public var handlerTimeout: Duration = .seconds(LessonEndpoints.maximumDelay + 30)
    /// The most connections served at once. Beyond it a connection is
    /// answered `503 Service Unavailable` and closed.
    public var maximumConnections = 256
    /// The most connections being refused (503) at once; beyond that the
    /// server accepts no more until one of them is closed, and new
    /// connections wait in the kernel's listen queue.
    public var maximumRefusals = 64
    /// After an answer that ends a connection, how long the server keeps
    /// reading (and discarding) what the client still sends, so that the
    /// client reads the answer rather than a reset.
    public var lingerTimeout: Duration = .milliseconds(500)
    /// The most bytes discarded that way.
    public var maximumLingerBytes = 256 * 1_024

    public init() {}
}
