/// A model bundle the UI can classify with (`M`): the one it started with, or one saved under
/// `$XDG_DATA_HOME/snakeid/bundles/NAME/`.
struct ModelChoice: Sendable, Equatable {
    /// What the picker and the status line call it: the bundle's name, or the saved folder's.
    var name: String
    var directory: String
}

/// The models `M` offers and the one in use. Switching bumps `generation`: results of an
/// earlier generation are stale, shown as such and classified again when asked for.
struct ModelSwitching: Sendable, Equatable {
    /// The bundle the UI started with (`--model`, or the default).
    var initial: ModelChoice
    /// The model classifying now (or being switched to, while `pending` is set).
    var current: ModelChoice
    /// Saved bundles found the last time they were listed.
    var saved: [ModelChoice] = []
    /// Where saved bundles live.
    var bundlesFolder: String
    /// The model being loaded to replace `current`.
    var pending: ModelChoice?
    /// +1 per switch.
    var generation = 0
    /// Items asked of the previous model and not answered when it was replaced: their answers are stale.
    var askedBefore: Set<ItemKey> = []

    /// The choices in the picker's order: the initial bundle, then the saved ones (a saved one
    /// at the same folder is the same choice).
    var choices: [ModelChoice] {
        [initial] + saved.filter { $0.directory != initial.directory }
    }

    /// The choice named `name` (case folded).
    func choice(named name: String) -> ModelChoice? {
        choices.first { $0.name.equalsIgnoringCase(name) }
    }
}
