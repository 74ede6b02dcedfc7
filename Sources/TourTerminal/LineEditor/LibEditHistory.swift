import CLibEdit

/// libedit's own history list, which Up and Down walk through, kept equal to
/// a ``History``. Used only on the reading thread, which owns libedit.
final class LibEditHistory {
    private let handle: OpaquePointer
    private var mirrored: [String] = []

    init?(capacity: Int) {
        guard let handle = history_init() else { return nil }
        self.handle = handle
        asynctour_history_setsize(handle, Int32(clamping: capacity))
        // History drops repeats itself; this only stops libedit adding a
        // repeat of the last line between two syncs.
        asynctour_history_setunique(handle, 1)
    }

    deinit {
        history_end(handle)
    }

    func attach(to editor: OpaquePointer) {
        asynctour_el_set_history(editor, handle)
    }

    /// Makes libedit's list equal to `entries`: one H_ENTER when a line was
    /// only appended, a rebuild when an earlier copy was dropped.
    func sync(_ entries: [String]) {
        if entries == mirrored { return }
        if entries.count == mirrored.count + 1, entries.starts(with: mirrored), let last = entries.last {
            if let text = LibEditText.safe(last) { asynctour_history_enter(handle, text) }
        } else {
            asynctour_history_clear(handle)
            for entry in entries { if let text = LibEditText.safe(entry) { asynctour_history_enter(handle, text) } }
        }
        mirrored = entries
    }

    /// How many entries libedit holds.
    var count: Int { Int(asynctour_history_count(handle)) }
}

/// What may be handed to libedit. In a locale of one byte per character
/// (`LANG=C`) libedit cannot convert other bytes and has been seen to
/// crash on them, so there a line with non-ASCII text is not entered into
/// its history (the tour's own history file keeps it) and typed-in text
/// has such characters replaced.
enum LibEditText {
    static let multibyte = __ctype_get_mb_cur_max() > 1

    static func safe(_ text: String) -> String? {
        multibyte || text.utf8.allSatisfy({ $0 < 0x80 }) ? text : nil
    }

    static func typed(_ text: String) -> String {
        safe(text) ?? String(String.UnicodeScalarView(text.unicodeScalars.map { $0.isASCII ? $0 : "?" }))
    }
}
