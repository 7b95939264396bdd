/// The models a server answers with, in the order given; the first is the default (the
/// Cougar-or-Not routes, `/v1/classify`, `/v1/explain`).
public struct ModelRegistry: Sendable {
    /// Every model, the default first; never empty.
    public let models: [ServedModel]

    /// - Precondition: `models` is not empty and its names are distinct.
    public init(_ models: [ServedModel]) {
        precondition(!models.isEmpty, "a server needs a model")
        precondition(Set(models.map(\.name)).count == models.count, "model names must be distinct")
        self.models = models
    }

    /// The model of the routes that name none.
    public var defaultModel: ServedModel { models[0] }

    /// The model served as `name`.
    /// - Throws: ``APIError`` 404 `unknown_model` listing the names there are.
    func model(named name: String) throws(APIError) -> ServedModel {
        guard let model = models.first(where: { $0.name == name }) else {
            throw APIError(
                .unknownModel,
                message: "no model named `\(name)`; this server has \(models.map(\.name).joined(separator: ", "))")
        }
        return model
    }
}
