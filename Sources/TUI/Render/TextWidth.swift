/// Display widths of text in terminal cells, without asking the C library (whose answer
/// depends on the locale): East Asian wide characters take two cells, combining marks none.
enum TextWidth {
    /// The cells `scalar` takes.
    static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if value < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        return isWide(value) ? 2 : 1
    }

    /// The cells `text` takes.
    static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + of($1) }
    }

    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

extension String {
    /// The text cut to at most `width` cells, ending with `ellipsis` when something was cut.
    func truncated(toWidth width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if TextWidth.of(self) <= width { return self }
        let room = width - TextWidth.of(ellipsis)
        guard room >= 0 else { return String(repeating: ".", count: width) }
        var result = ""
        var used = 0
        for scalar in unicodeScalars {
            let cells = TextWidth.of(scalar)
            if used + cells > room { break }
            result.unicodeScalars.append(scalar)
            used += cells
        }
        return result + ellipsis
    }

    /// The text cut or padded with spaces to exactly `width` cells.
    func padded(toWidth width: Int, ellipsis: String = "…") -> String {
        let cut = truncated(toWidth: width, ellipsis: ellipsis)
        return cut + String(repeating: " ", count: max(0, width - TextWidth.of(cut)))
    }

    /// The text right-aligned in `width` cells.
    func leftPadded(toWidth width: Int) -> String {
        String(repeating: " ", count: max(0, width - TextWidth.of(self))) + self
    }

    /// The text with control characters replaced, and with everything outside ASCII replaced
    /// too when `asciiOnly` (for terminals that are not in a UTF-8 locale).
    func sanitized(asciiOnly: Bool) -> String {
        var result = ""
        for scalar in unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
                result += "?"
            } else if asciiOnly && !scalar.isASCII {
                result += "?"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Lines of at most `width` cells, broken at spaces where possible.
    func wrapped(toWidth width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        for word in split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            let candidate = line.isEmpty ? word : line + " " + word
            if TextWidth.of(candidate) <= width {
                line = candidate
                continue
            }
            if !line.isEmpty { lines.append(line) }
            line = TextWidth.of(word) <= width ? word : word.truncated(toWidth: width)
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
