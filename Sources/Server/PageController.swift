import Hummingbird

/// The browser pages: `GET /` and its old name `GET /form`.
struct PageController: Sendable {
    let model: String

    func register(on router: Router<some RequestContext>) {
        router.get("/") { _, _ in HTMLPage.response(HTMLPage.index(model: model)) }
        router.get("/form") { _, _ in Response(status: .found, headers: [.location: "/"]) }
    }
}
