/// The first screen when SnakeID opens on a folder without photos (`make run` in the
/// repository): what the UI does and the keys that get to photos.
enum WelcomeView {
    static let lines: [(keys: String, text: String)] = [
        ("", "Welcome to SnakeID"),
        ("", ""),
        ("", "Browse to photos and see at once whether each shows a snake, which"),
        ("", "species is likely and whether it is dangerous. Everything runs here,"),
        ("", "on this computer."),
        ("", ""),
        ("e", "try the sample photos (a cobra, a puff adder, a worm snake)"),
        ("~", "go to your home folder"),
        ("Esc", "close this panel and browse the folders here"),
        ("u", "classify a photo from a URL (or just paste one)"),
        ("c / C", "classify a whole folder / with its subfolders"),
        ("?", "every key"),
        ("q", "quit"),
        ("", ""),
        ("", "Any key closes this panel. snakeid tui FOLDER opens a folder directly."),
    ]

    static func draw(_ state: AppState, in rect: Rect, on canvas: some Canvas) {
        guard !rect.isEmpty else { return }
        let width = min(rect.width - 2, 76)
        let folder = Format.abbreviated(state.browser.directory, home: state.homeDirectory)
        // The samples line only where there are samples.
        let offered = lines.filter { $0.keys != "e" || state.samplesDirectory != nil }
        let all = offered + [(keys: "", text: "(There are no photos in \(folder).)")]
        let height = min(all.count + 4, rect.height)
        let box = Rect(
            x: rect.x + (rect.width - width) / 2, y: rect.y + (rect.height - height) / 2, width: width, height: height)
        HelpView.frame(box, title: " Welcome ", on: canvas)
        for (row, line) in all.enumerated() where row < box.height - 4 {
            let y = box.y + 2 + row
            if line.keys.isEmpty {
                canvas.text(line.text, x: box.x + 3, y: y, width: box.width - 6, style: row == 0 ? .header : .normal)
            } else {
                canvas.line(
                    [Span(line.keys.padded(toWidth: 8), .key), Span(line.text)], x: box.x + 3, y: y,
                    width: box.width - 6)
            }
        }
    }
}
