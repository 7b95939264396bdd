import Glibc

/// The POSIX locale, so that numbers print with a "." whatever locale the UI set up.
private nonisolated(unsafe) let posixLocale = newlocale(Int32(1) << LC_NUMERIC, "C", nil)

extension String {
    /// `printf`-style formatting (C's `vsnprintf`) in the POSIX locale: `String(cFormat:
    /// "%.1f%%", 12.34)` is `"12.3%"`. Arguments are C values (`Int`, `Int32`, `Double`...);
    /// for `%s`, pass a C string.
    public init(cFormat format: String, _ arguments: any CVarArg...) {
        let previous = uselocale(posixLocale)
        defer { uselocale(previous) }
        var buffer = [CChar](repeating: 0, count: 128)
        let needed = withVaList(arguments) { vsnprintf(&buffer, buffer.count, format, $0) }
        if needed >= buffer.count {
            buffer = [CChar](repeating: 0, count: Int(needed) + 1)
            _ = withVaList(arguments) { vsnprintf(&buffer, buffer.count, format, $0) }
        }
        self = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
