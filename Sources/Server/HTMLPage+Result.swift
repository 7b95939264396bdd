import Inference

extension HTMLPage {
    /// The answer to a browser's form post: verdict, snake probability, danger warning, the
    /// photo with a toggle for where the model looked, species bars, the raw labels and the
    /// safety line.
    static func result(
        _ prediction: Prediction, model: String, photo: [UInt8]? = nil, overlay: [UInt8]? = nil,
        explanation: Explanation? = nil
    ) -> String {
        var body = """
            <h1>SnakeID</h1>
            <p class="source">\(escape(prediction.source))</p>
            <p class="verdict \(prediction.verdict.rawValue)">\(escape(prediction.verdict.headline))</p>
            <p>Snake probability: <strong>\(percent(prediction.snakeProbability))</strong></p>

            """
        // The warning follows the risk, which reads the whole species ranking.
        if let warning = prediction.riskWarning {
            let kind = warning.isDanger ? "danger" : "caution"
            body += "<div class=\"\(kind)\" role=\"alert\"><strong>\u{26A0}</strong> \(escape(warning.text))</div>\n"
        }
        if let photo, let overlay {
            let subject =
                explanation?.target == "snake" ? "the snake probability" : "“\(escape(explanation?.target ?? ""))”"
            body += """
                <input type="checkbox" id="map" class="toggle"><label for="map">Show where the model looked</label>
                <figure class="photo">
                <img class="plain" alt="the photo" src="data:image/jpeg;base64,\(base64(photo))">
                <img class="map" alt="the photo with the map of where the model looked" src="data:image/jpeg;base64,\(base64(overlay))">
                <figcaption>Red: covering this part lowered \(subject) most. Darkened: outside what the model saw.</figcaption>
                </figure>

                """
        }
        if !prediction.species.isEmpty {
            let heading = prediction.verdict == .unsure ? "Which snake, if it is one?" : "Which snake?"
            body += "<h2>\(heading)</h2>\n<ul class=\"bars\">\n"
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
