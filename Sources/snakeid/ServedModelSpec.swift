import ArgumentParser

/// One `--model` of `serve`: `NAME=DIR` (served as NAME) or `DIR` (served under the bundle's
/// own name).
struct ServedModelSpec: ExpressibleByArgument, Equatable {
    /// The served name, when given.
    var name: String?
    var directory: String

    init?(argument: String) {
        // A name is a URL path segment: letters, digits, `-`, `_` and `.`. Anything else before
        // the first `=` (a `/`, say) means the whole argument is a folder.
        if let equals = argument.firstIndex(of: "="), equals != argument.startIndex {
            let name = argument[..<equals]
            if name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) {
                let directory = String(argument[argument.index(after: equals)...])
                guard !directory.isEmpty else { return nil }
                self.name = String(name)
                self.directory = directory
                return
            }
        }
        guard !argument.isEmpty else { return nil }
        directory = argument
    }

    init(name: String?, directory: String) {
        self.name = name
        self.directory = directory
    }
}
