import Inference

/// The labels of the folder tree shown (`t` tags, `m` marks, `L` lists), as the reducer keeps
/// them: the set itself is written by an effect after every change.
struct Labelling: Sendable, Equatable {
    /// Where label files live (`$XDG_DATA_HOME/snakeid/labels`).
    var folder: String
    /// The set of the tree; nil until loaded, or when its file was refused.
    var set: LabelSet?
    /// Why the label file was refused (a newer version, a broken file): labelling is off, so
    /// that the file is never overwritten.
    var refusal: String?
    /// Labelled photos no longer on disk when the set was loaded: listed by `L`, skipped by training.
    var missing: Set<String> = []
    /// The species of the model's bundle: offered by the label prompt beside the labels used.
    var bundleSpecies: [LabelSet.Species] = []

    init(folder: String, bundleSpecies: [LabelSet.Species] = []) {
        self.folder = folder
        self.bundleSpecies = bundleSpecies
    }

    /// The labels the prompt completes from: those used, then the bundle's, once each.
    var completions: [String] {
        var seen = Set<String>()
        return ((set?.species.map(\.label) ?? []) + bundleSpecies.map(\.label)).filter {
            seen.insert($0.lowercased()).inserted
        }
    }

    /// What `label` stands for, from the set or else the bundle.
    func definition(of label: String) -> LabelSet.Species? {
        set?.species(labelled: label)
            ?? bundleSpecies.first { $0.label.equalsIgnoringCase(label) }
    }
}

/// A `t` in progress: the photos, and what the prompts have gathered so far.
struct Tagging: Sendable, Equatable {
    var paths: [String]
    var label: String = ""
    var scientificName: String = ""
}

/// One row of the `L` view: a label's heading, or one of its photos.
struct LabelRow: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case heading(LabelSet.Species?, photos: Int)
        case photo(path: String, missing: Bool)
    }

    var label: String
    var kind: Kind

    var path: String? {
        if case .photo(let path, _) = kind { return path }
        return nil
    }

    /// The labels with their counts, each followed by its photos.
    static func rows(of labelling: Labelling) -> [LabelRow] {
        guard let set = labelling.set else { return [] }
        return set.counts.flatMap { count in
            [LabelRow(label: count.label, kind: .heading(set.species(labelled: count.label), photos: count.photos))]
                + set.paths(labelled: count.label).map {
                    LabelRow(label: count.label, kind: .photo(path: $0, missing: labelling.missing.contains($0)))
                }
        }
    }
}

/// The `L` view while it is open.
struct LabelsViewState: Sendable, Equatable {
    var selection = 0
    var scrollTop = 0

    mutating func clamp(count: Int, pageRows: Int) {
        let rows = max(pageRows, 1)
        selection = count == 0 ? 0 : min(max(selection, 0), count - 1)
        if selection < scrollTop { scrollTop = selection }
        if selection >= scrollTop + rows { scrollTop = selection - rows + 1 }
        scrollTop = max(0, min(scrollTop, max(0, count - rows)))
    }
}

extension Danger {
    /// The danger a prompt's text names: a raw value (`mildly_venomous`) or its words, case folded.
    init?(typed: String) {
        let text = typed.trimmingWhitespace().lowercased().replacing(" ", with: "_")
        guard
            let danger = Danger.allCases.first(where: {
                $0.rawValue == text || $0.rawValue.hasPrefix(text) && !text.isEmpty
            })
        else { return nil }
        self = danger
    }
}
