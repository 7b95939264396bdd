import Inference

extension HTMLPage {
    /// `GET /`: the upload form and the URL form. Both post to the compatible routes, which
    /// answer a browser (Accept: text/html) with the result page.
    static func index(model: String) -> String {
        layout(
            title: "SnakeID",
            body: """
                <h1>SnakeID</h1>
                <p class="lead">Is it a snake, which one, and is it venomous?</p>
                <h2>Upload a photo</h2>
                <form action="/upload" method="post" enctype="multipart/form-data">
                <input type="file" name="file" accept="image/jpeg,image/png" required>
                <button type="submit">Classify</button>
                </form>
                <h2>Or give the address of an image</h2>
                <form action="/classify-url" method="get">
                <input type="url" name="url" placeholder="https://example.org/snake.jpg" required>
                <button type="submit">Classify</button>
                </form>
                <p class="safety">\(escape(Prediction.safetyReminder))</p>
                <footer>Model \(escape(model)) · JPEG and PNG · <a href="/openapi.json">JSON API</a></footer>
                """)
    }
}
