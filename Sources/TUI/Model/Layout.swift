/// A rectangle of terminal cells.
struct Rect: Sendable, Equatable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int

    init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(width, 0)
        self.height = max(height, 0)
    }

    static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    var isEmpty: Bool { width == 0 || height == 0 }
    var maxX: Int { x + width }
    var maxY: Int { y + height }

    /// The rectangle shrunk by `dx` columns and `dy` rows on each side.
    func insetBy(dx: Int, dy: Int) -> Rect {
        Rect(x: x + dx, y: y + dy, width: width - 2 * dx, height: height - 2 * dy)
    }
}

/// Where each pane goes for a terminal size: pure arithmetic, recomputed on every resize.
///
/// ```
/// title                                          row 0
/// browser │ preview                              body
///         │───────────  (beside it when ≥ 150 columns)
///         │ prediction panel
/// message / prompt / progress line               row rows-2
/// status line                                    row rows-1
/// ```
struct Layout: Sendable, Equatable {
    /// Smaller terminals get a "too small" message instead of the panes.
    static let minimumColumns = 60
    static let minimumRows = 16
    /// From this width the preview and the panel stand side by side.
    static let wideColumns = 150

    var columns: Int
    var rows: Int
    var title = Rect.zero
    var browser = Rect.zero
    var preview = Rect.zero
    var panel = Rect.zero
    /// Everything between the title and the message line (the review table uses it all).
    var body = Rect.zero
    var message = Rect.zero
    var status = Rect.zero
    /// The column of the line between the browser and the rest.
    var browserDivider = 0
    /// The line between the preview and the panel: a row when stacked, a column when wide.
    var previewDivider = 0
    var isWide = false

    var isTooSmall: Bool { columns < Self.minimumColumns || rows < Self.minimumRows }

    init(columns: Int, rows: Int) {
        self.columns = max(columns, 0)
        self.rows = max(rows, 0)
        guard !isTooSmall else { return }
        title = Rect(x: 0, y: 0, width: columns, height: 1)
        message = Rect(x: 0, y: rows - 2, width: columns, height: 1)
        status = Rect(x: 0, y: rows - 1, width: columns, height: 1)
        body = Rect(x: 0, y: 1, width: columns, height: rows - 3)

        let browserWidth = min(max(columns * 3 / 10, 24), 40)
        browser = Rect(x: 0, y: body.y, width: browserWidth, height: body.height)
        browserDivider = browserWidth
        let right = Rect(x: browserWidth + 1, y: body.y, width: columns - browserWidth - 1, height: body.height)

        isWide = columns >= Self.wideColumns
        if isWide {
            let previewWidth = (right.width - 1) * 2 / 5
            preview = Rect(x: right.x, y: right.y, width: previewWidth, height: right.height)
            previewDivider = right.x + previewWidth
            panel = Rect(
                x: previewDivider + 1, y: right.y, width: right.maxX - previewDivider - 1, height: right.height)
        } else {
            let previewHeight = min(max(body.height * 2 / 5, 5), 22)
            preview = Rect(x: right.x, y: right.y, width: right.width, height: previewHeight)
            previewDivider = right.y + previewHeight
            panel = Rect(x: right.x, y: previewDivider + 1, width: right.width, height: right.maxY - previewDivider - 1)
        }
    }

    /// Rows of entries the browser shows at once.
    var browserRows: Int { max(browser.height, 1) }

    /// Rows of the review table (its header takes one).
    var tableRows: Int { max(body.height - 1, 1) }
}
