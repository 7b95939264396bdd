/// The file browser: the folder shown, its entries, the filter and the selection.
///
/// Pure value logic: listing the folder is an `Effect`; the answer comes back as
/// `Event.directoryListed` and `receive(_:)` takes it in.
struct BrowserState: Sendable, Equatable {
    /// The folder shown (or being listed).
    private(set) var directory: String
    /// Everything listed, hidden entries included.
    private(set) var entries: [DirectoryEntry] = []
    /// Positions in `entries` of the rows shown, after the hidden and name filters.
    private(set) var visible: [Int] = []
    /// The selected row, an index into `visible`.
    private(set) var selection = 0
    /// The first row shown.
    private(set) var scrollTop = 0
    /// Case-insensitive part of a name that rows must contain ("" shows all).
    private(set) var filter = ""
    private(set) var showsHidden = false
    /// Whether the listing of `directory` is still awaited.
    private(set) var isLoading = true
    /// Files that are neither folders nor images.
    private(set) var otherFiles = 0
    /// The entry name last selected in each folder, so the selection survives going up and back.
    private var remembered: [String: String] = [:]
    /// The name to select when the awaited listing arrives.
    private var pendingName: String?

    init(directory: String) {
        self.directory = directory
    }

    /// The selected entry, if any.
    var selectedEntry: DirectoryEntry? {
        visible.indices.contains(selection) ? entries[visible[selection]] : nil
    }

    /// The rows shown, in order.
    var visibleEntries: [DirectoryEntry] { visible.map { entries[$0] } }

    /// Starts showing `path` (its listing is requested separately); `select` names the entry
    /// to select when it arrives, else the one remembered for that folder.
    mutating func enter(_ path: String, selecting select: String? = nil) {
        rememberSelection()
        directory = path
        entries = []
        visible = []
        selection = 0
        scrollTop = 0
        filter = ""
        isLoading = true
        otherFiles = 0
        pendingName = select ?? remembered[path]
    }

    /// Takes in a listing; ignored unless it is of the folder shown.
    mutating func receive(_ listing: DirectoryListing) {
        guard listing.path == directory else { return }
        let keep = isLoading ? pendingName : selectedEntry?.name
        entries = listing.entries
        otherFiles = listing.otherFiles
        isLoading = false
        pendingName = nil
        refilter(keeping: keep)
    }

    /// Marks the awaited listing as failed (the browser shows an empty folder).
    mutating func listingFailed(path: String) {
        guard path == directory else { return }
        isLoading = false
        pendingName = nil
    }

    mutating func setFilter(_ text: String) {
        filter = text
        refilter(keeping: selectedEntry?.name)
    }

    mutating func toggleHidden() {
        showsHidden.toggle()
        refilter(keeping: selectedEntry?.name)
    }

    /// Moves the selection by `delta` rows, clamped; `pageRows` keeps it on screen.
    mutating func move(by delta: Int, pageRows: Int) {
        select(index: selection + delta, pageRows: pageRows)
    }

    /// Selects the row at `index` (clamped) and scrolls it into view.
    mutating func select(index: Int, pageRows: Int) {
        selection = visible.isEmpty ? 0 : min(max(index, 0), visible.count - 1)
        scroll(pageRows: pageRows)
    }

    /// Selects the entry named `name` if it is shown.
    mutating func select(name: String, pageRows: Int) {
        if let index = visible.firstIndex(where: { entries[$0].name == name }) {
            select(index: index, pageRows: pageRows)
        }
    }

    /// Keeps the selection between the first and last rows shown in `pageRows` rows.
    mutating func scroll(pageRows: Int) {
        let rows = max(pageRows, 1)
        if selection < scrollTop { scrollTop = selection }
        if selection >= scrollTop + rows { scrollTop = selection - rows + 1 }
        scrollTop = max(0, min(scrollTop, max(0, visible.count - rows)))
    }

    private mutating func rememberSelection() {
        if let name = selectedEntry?.name { remembered[directory] = name }
    }

    private mutating func refilter(keeping name: String?) {
        let needle = filter.lowercased()
        visible = entries.indices.filter { index in
            let entry = entries[index]
            if entry.isHidden && !showsHidden { return false }
            return needle.isEmpty || entry.name.lowercased().contains(needle)
        }
        selection = name.flatMap { name in visible.firstIndex { entries[$0].name == name } } ?? 0
        scrollTop = min(scrollTop, max(0, visible.count - 1))
        if !visible.indices.contains(selection) { selection = 0 }
    }
}
