import FoundationEssentials

/// The optional `classes.csv` beside the class folders: each class's names and danger.
///
/// ```text
/// # lines starting with # are comments; the header line comes first
/// folder,common_name,scientific_name,danger
/// puff_adder_Bitis_arietans,puff adder,Bitis arietans,dangerous
/// boomslang_Dispholidus_typus,boomslang,Dispholidus typus,dangerous
/// ```
///
/// `folder` is the class folder's name. Every other column may be empty: the common name is then
/// the folder name with `_` as spaces, the scientific name "", and the danger `dangerous` (a
/// snake of unknown danger is treated as dangerous; the report lists such classes). `danger` is
/// one of `harmless`, `mildly_venomous`, `constrictor`, `dangerous`.
public struct ClassesFile: Sendable, Equatable {
    /// The file's name in the training folder.
    public static let fileName = "classes.csv"

    /// One line of the file.
    public struct Entry: Sendable, Equatable {
        public var commonName: String?
        public var scientificName: String?
        public var danger: Danger?
    }

    /// The entries by folder name.
    public var entries: [String: Entry]

    public init(entries: [String: Entry] = [:]) {
        self.entries = entries
    }

    /// Reads `classes.csv` in `directory`; an empty file when there is none.
    /// - Throws: `TrainingError` `.invalidClassesFile` naming the line at fault.
    public static func load(in directory: String) throws(TrainingError) -> ClassesFile {
        let path = directory + "/" + fileName
        guard FileManager.default.fileExists(atPath: path) else { return ClassesFile() }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw TrainingError(.invalidClassesFile, path: path, reason: "cannot read it as UTF-8 text")
        }
        return try parse(text, path: path)
    }

    static let columns = ["folder", "common_name", "scientific_name", "danger"]

    static func parse(_ text: String, path: String) throws(TrainingError) -> ClassesFile {
        var entries: [String: Entry] = [:]
        var sawHeader = false
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingWhitespace()
            }
            let fail = { (reason: String) in
                TrainingError(.invalidClassesFile, path: path, reason: "line \(number + 1): \(reason)")
            }
            if !sawHeader {
                guard fields == columns else { throw fail("the first line must be \(columns.joined(separator: ","))") }
                sawHeader = true
                continue
            }
            guard fields.count == columns.count else {
                throw fail("want \(columns.count) comma-separated fields, found \(fields.count)")
            }
            guard !fields[0].isEmpty else { throw fail("the folder name is empty") }
            guard entries[fields[0]] == nil else { throw fail("\(fields[0]) is listed twice") }
            var danger: Danger?
            if !fields[3].isEmpty {
                guard let known = Danger(rawValue: fields[3]) else {
                    let names = Danger.allCases.map(\.rawValue).joined(separator: ", ")
                    throw fail("unknown danger \"\(fields[3])\" (want one of \(names))")
                }
                danger = known
            }
            entries[fields[0]] = Entry(
                commonName: fields[1].isEmpty ? nil : fields[1], scientificName: fields[2].isEmpty ? nil : fields[2],
                danger: danger)
        }
        return ClassesFile(entries: entries)
    }

    /// The head class of folder `label`, and whether its danger was defaulted to `dangerous`.
    func headClass(for label: String) -> (HeadClass, dangerDefaulted: Bool) {
        let entry = entries[label]
        let headClass = HeadClass(
            label: label, commonName: entry?.commonName ?? label.replacing("_", with: " "),
            scientificName: entry?.scientificName ?? "", danger: entry?.danger ?? .dangerous)
        return (headClass, entry?.danger == nil)
    }
}
