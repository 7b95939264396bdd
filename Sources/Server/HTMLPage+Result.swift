import Inference

extension HTMLPage {
    /// The answer to a browser's form post: verdict, snake probability, danger warning,
    /// species bars, the raw labels and the safety line.
    static func result(_ prediction: Prediction, model: String) -> String {
        var body = """
            <h1>SnakeID</h1>
            <p class="source">\(escape(prediction.source))</p>
            <p class="verdict \(prediction.verdict.rawValue)">\(escape(prediction.verdict.headline))</p>
            <p>Snake probability: <strong>\(percent(prediction.snakeProbability))</strong></p>

            """
        let venomous = prediction.venomousCandidates
        if !venomous.isEmpty {
            let names = venomous.map { "\(escape($0.label)) (<i>\(escape($0.scientificName))</i>)" }
            body += """
                <div class="danger"><strong>Danger:</strong> this may be a venomous snake: \
                \(names.joined(separator: ", ")). Keep well away and do not try to catch it.</div>

                """
        }
        if prediction.verdict != .notSnake {
            body += "<h2>Which snake?</h2>\n<ul class=\"bars\">\n"
            for species in prediction.species.prefix(5) {
                body += bar(
                    label: "\(escape(species.label)) <i>\(escape(species.scientificName))</i>",
                    tag: escape(species.danger.description), probability: species.probability,
                    venomous: species.danger.isVenomous)
            }
            body += "</ul>\n"
        }
        body += "<h2>What the model sees</h2>\n<ul class=\"bars\">\n"
        for label in prediction.top {
            body += bar(label: escape(label.label), tag: "", probability: label.probability, venomous: false)
        }
        body += """
            </ul>
            <p class="safety">\(escape(Prediction.safetyReminder))</p>
            <p><a href="/">Classify another photo</a></p>
            <footer>Model \(escape(model)) · \(Int(prediction.timings.totalMs.rounded())) ms</footer>
            """
        return layout(title: "SnakeID: \(prediction.verdict.headline)", body: body)
    }

    private static func bar(label: String, tag: String, probability: Double, venomous: Bool) -> String {
        let width = percent(probability)
        return """
            <li><div>\(label) <span class="tag">\(tag.isEmpty ? "" : tag + " · ")\(width)</span></div>\
            <div class="bar\(venomous ? " venomous" : "")"><span style="width:\(width)"></span></div></li>

            """
    }
}
