import Inference

extension Reducer {
    /// `M`: asks which model to classify with, offering the bundles found (listed again now).
    static func pickModel(_ state: inout AppState) -> [Effect] {
        if let pending = state.models.pending {
            state.notice = Notice("Already switching to \(pending.name)")
            return []
        }
        if state.batch != nil {
            state.notice = Notice("A folder run is classifying: let it finish or cancel it (Esc) first")
            return []
        }
        state.prompt = Prompt(.model, completions: state.models.choices.map(\.name))
        return [.listModels(folder: state.models.bundlesFolder)]
    }

    /// Enter in the model prompt: starts loading the model chosen.
    static func submitModel(_ state: inout AppState, _ prompt: Prompt) -> [Effect] {
        let typed = prompt.text.trimmingWhitespace()
        if typed.isEmpty { return [] }
        guard let choice = state.models.choice(named: typed) ?? onlyMatch(prompt, in: state.models) else {
            state.notice = Notice(
                "No model named \"\(typed)\": \(state.models.choices.map(\.name).joined(separator: ", "))",
                isError: true)
            return []
        }
        guard choice != state.models.current else {
            state.notice = Notice("Already classifying with \(choice.name)")
            return []
        }
        state.models.pending = choice
        state.notice = Notice("Loading \(choice.name); the current model answers meanwhile")
        return [.switchModel(choice)]
    }

    private static func onlyMatch(_ prompt: Prompt, in models: ModelSwitching) -> ModelChoice? {
        let matches = prompt.matches
        return matches.count == 1 ? models.choice(named: matches[0]) : nil
    }

    /// Events of the model picker and of a switch.
    static func reduceModelEvent(_ state: inout AppState, _ event: Event, now: Double) -> [Effect] {
        switch event {
        case .modelsListed(let saved):
            state.models.saved = saved
            if state.prompt?.purpose == .model { state.prompt?.completions = state.models.choices.map(\.name) }
        case .modelSwitched(let choice, let label, let species):
            state.models.pending = nil
            state.models.current = choice
            state.models.generation += 1
            // Answers still on their way come from the model just replaced.
            state.models.askedBefore = state.classifying
            state.model = .ready(name: label, threads: state.threads)
            state.labelling.bundleSpecies = species
            state.maps = [:]
            state.notice = Notice(
                "Classifying with \(choice.name) now: earlier results are marked stale and classified again when shown")
            return requestSubject(&state, now: now) + requestMap(&state)
        case .modelSwitchFailed(let choice, let reason):
            state.models.pending = nil
            state.lastError = "Cannot switch to \(choice.name): \(reason)"
            state.errorExpiry = now + AppState.errorLifetime
            state.notice = Notice(
                "Cannot switch to \(choice.name): \(reason); still classifying with \(state.models.current.name)",
                isError: true)
        default:
            break
        }
        return []
    }

    /// The generation to store an answer for `key` under: the previous one when it was asked
    /// of the model since replaced.
    static func answeringGeneration(_ state: inout AppState, for key: ItemKey) -> Int {
        state.models.askedBefore.remove(key) != nil ? state.models.generation - 1 : state.models.generation
    }
}
