import FoundationEssentials
import Hummingbird
import Inference

/// The browser pages: a shared layout, escaping, and the error page. The index and result
/// pages are in `HTMLPage+Index.swift` and `HTMLPage+Result.swift`.
enum HTMLPage {
    /// `html` as a `text/html` response.
    static func response(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A whole page around `body`.
    static func layout(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>\(stylesheet)</style>
        </head>
        <body>
        <main>
        \(body)
        </main>
        </body>
        </html>

        """
    }

    /// The page for an error a browser caused, e.g. uploading a GIF.
    static func error(_ error: APIError) -> String {
        layout(
            title: "SnakeID: \(error.status.code) \(error.status.reasonPhrase)",
            body: """
                <h1>SnakeID</h1>
                <div class="error">
                <h2>\(error.status.code) \(escape(error.status.reasonPhrase))</h2>
                <p>\(escape(error.message))</p>
                </div>
                <p><a href="/">Try another photo</a></p>
                """)
    }

    /// `text` with the HTML special characters escaped, for element content and quoted attributes.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A probability as a percentage with one decimal: "97.3%".
    static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    static func percent(_ probability: Double) -> String {
        let tenths = Int((min(max(probability, 0), 1) * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    private static let stylesheet = """
        :root{color-scheme:light dark;--accent:#2f7d32;--danger:#b3261e;--muted:#6b6b6b;--bar:#e3e8e3}
        *{box-sizing:border-box}
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
        main{max-width:40rem;margin:0 auto;padding:2rem 1rem}
        h1{margin:0 0 .25rem;font-size:2rem}
        h2{font-size:1.15rem;margin:1.75rem 0 .5rem}
        .lead,.source,footer{color:var(--muted)}
        form{display:flex;gap:.5rem;flex-wrap:wrap}
        input[type=url]{flex:1;min-width:14rem;padding:.45rem}
        input[type=file]{flex:1;min-width:14rem}
        button{padding:.45rem 1.1rem;border:0;border-radius:.3rem;background:var(--accent);color:#fff;cursor:pointer}
        .verdict{font-size:2.5rem;letter-spacing:.04em}
        .verdict.snake{color:var(--danger)} .verdict.not_snake{color:var(--accent)} .verdict.unsure{color:#b26a00}
        .danger,.error{border-left:.35rem solid var(--danger);padding:.6rem 1rem;background:rgba(179,38,30,.08)}
        .photo{margin:1rem 0;position:relative}
        .photo img{display:block;width:100%;max-width:28rem;border-radius:.3rem}
        .photo .map,.toggle:checked~.photo .plain{display:none}
        .toggle:checked~.photo .map{display:block}
        .photo figcaption{display:none;font-size:.85rem;color:var(--muted)}
        .toggle:checked~.photo figcaption{display:block}
        .caution{border-left:.35rem solid #b26a00;padding:.6rem 1rem;background:rgba(178,106,0,.08)}
        .error h2{margin-top:0}
        .safety{font-weight:600;margin-top:2rem}
        .bars{list-style:none;padding:0;margin:0}
        .bars li{margin:.45rem 0}
        .bar{height:.6rem;border-radius:.3rem;background:var(--bar);overflow:hidden}
        .bar span{display:block;height:100%;background:var(--accent)}
        .bar.venomous span{background:var(--danger)}
        .tag{font-size:.8rem;color:var(--muted)}
        footer{margin-top:2.5rem;font-size:.85rem}
        """
}
