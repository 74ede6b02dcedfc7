/// FNV-1a, 64-bit, in two seeds for 128 bits: a content key for the cache.
/// Not cryptographic; the cache also compares the full key text on a hit, so
/// a collision can only cost a recompile, never run the wrong program.
enum StableHash {
    static func hex(_ text: String) -> String {
        var first: UInt64 = 0xcbf29ce484222325
        var second: UInt64 = 0x84222325cbf29ce4
        for byte in text.utf8 {
            first = (first ^ UInt64(byte)) &* 0x100000001b3
            second = (second ^ UInt64(byte)) &* 0x100000001b3
            second = second &+ (second >> 29)
        }
        return hex16(first) + hex16(second)
    }

    private static func hex16(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
