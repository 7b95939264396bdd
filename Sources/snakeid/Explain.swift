import ArgumentParser
import FoundationEssentials
import Inference
import Logging

/// `snakeid explain IMAGE…`: where the model looked.
struct Explain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show where the model looked: an occlusion map over each image.",
        discussion: """
            Covers the model's input with a grey patch, cell by cell on a grid, and reports how much \
            the snake probability (or, for "not a snake", the top label's probability) drops for \
            each cell. Row 0 is the top of the region the model saw ("crop", in the original \
            image's pixels). With --output, also writes NAME.explain.png: the photo with the map \
            over it. Exit status: 0 all explained, 1 some failed, 2 usage error.
            """
    )

    @Argument(help: "Image files.")
    var images: [String]

    @Option(name: .long, help: "Output format: text or json (one JSON object per line).")
    var format: ExplainFormat = .text

    @Option(name: .long, help: "Folder to write the overlay PNGs into.")
    var output: String?

    @Option(name: .long, help: "Grid cells per side.")
    var cells: Int = 7

    @OptionGroup var modelOptions: ModelOptions

    enum ExplainFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func validate() throws {
        if images.isEmpty { throw ValidationError("give at least one image file") }
        if !(2...16).contains(cells) { throw ValidationError("--cells must be between 2 and 16") }
    }

    func run() async throws {
        let classifier = try await modelOptions.loadClassifier(logger: Logger.snakeid("snakeid.explain"))
        if let output {
            try? FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        }
        var failures = 0
        for path in images {
            do {
                let bytes = try ImageFile.read(path)
                let result = try await classifier.explain(
                    bytes: bytes, source: path, grid: .init(rows: cells, columns: cells))
                var written: String?
                if let output {
                    let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
                    let file = output + "/" + name + ".explain.png"
                    let png = try ExplanationOverlay.png(result)
                    guard FileManager.default.createFile(atPath: file, contents: Data(png)) else {
                        throw InferenceError(.unreadable, source: file, reason: "cannot write the overlay")
                    }
                    written = file
                }
                switch format {
                case .json: print(Self.json(result.explanation))
                case .text: print(Self.text(result, overlay: written))
                }
            } catch {
                CommandFailure.report("\(error)")
                failures += 1
            }
        }
        classifier.finish()
        if failures > 0 { throw ExitCode.failure }
    }

    static func json(_ explanation: Explanation) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return (try? encoder.encode(explanation)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    /// The map as shaded cells, hottest darkest, with the figures around it.
    static func text(_ result: ExplanationResult, overlay: String?) -> String {
        let explanation = result.explanation
        let grid = explanation.grid
        let hottest = grid.values.flatMap { $0 }.max() ?? 0
        let shades = Array(" .:-=+*#%@")
        var lines = [explanation.source]
        lines.append(
            "  \(result.prediction.verdict.headline); map of the \(explanation.target == "snake" ? "snake probability" : "“\(explanation.target)” probability") "
                + String(cFormat: "(%.1f%%), ", explanation.probability * 100)
                + "crop \(explanation.crop.width)x\(explanation.crop.height) at (\(explanation.crop.x), \(explanation.crop.y))"
        )
        for row in grid.values {
            let cells = row.map { value -> String in
                let level = hottest > 0 ? Int((max(value, 0) / hottest * Double(shades.count - 1)).rounded()) : 0
                return String(repeating: shades[level], count: 2)
            }
            lines.append("  |" + cells.joined() + "|")
        }
        let (row, column) = grid.hottest
        lines.append(
            "  hottest cell: row \(row), column \(column) (drop " + String(cFormat: "%.1f", hottest * 100)
                + " points); "
                + "\(explanation.forwards) forwards in " + String(cFormat: "%.0f ms", explanation.milliseconds))
        if let overlay { lines.append("  overlay: \(overlay)") }
        return lines.joined(separator: "\n")
    }
}
