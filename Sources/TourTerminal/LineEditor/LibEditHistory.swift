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
            asynctour_history_enter(handle, last)
        } else {
            asynctour_history_clear(handle)
            for entry in entries { asynctour_history_enter(handle, entry) }
        }
        mirrored = entries
    }

    /// How many entries libedit holds.
    var count: Int { Int(asynctour_history_count(handle)) }
}
