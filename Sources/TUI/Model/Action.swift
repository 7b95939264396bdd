/// What the user asked for: the result of looking a key up in the `KeyTable`. The reducer turns
/// an action into a new `AppState` and `Effect`s; actions never touch the terminal.
enum Action: Equatable, Sendable {
    // Browsing
    case move(Int)
    case movePage(Int)
    case moveToTop
    case moveToBottom
    case open
    case goUp
    case goHome
    /// Go to the sample photos (`samples/`).
    case openSamples
    case toggleHidden
    /// Show or hide where the model looked, over the preview.
    case toggleMap
    /// Show the preview on the whole screen, or back in its pane.
    case toggleZoom
    // Commands
    case beginFilter
    case beginURLPrompt
    case toggleServer
    case classifyFolder
    /// Classify the folder and its subfolders.
    case classifyTree
    /// List the folder again.
    case reloadFolder
    case toggleReview
    case toggleHelp
    case cancel
    case quit
    case redraw
    // Text prompts
    case insert(String)
    case deleteBackward
    case clearLine
    case submit
    case paste(String)
    // Review table
    case sortReview(ReviewSort.Column)
    case exportReview
    case jumpToReviewItem
    // Labelling
    /// Mark or unmark the selected photo (`m`).
    case toggleMark
    /// Label the marked photos, or the selected one (`t`).
    case tag
    /// Show the labelled set (`L`).
    case showLabels
    /// Complete the prompt's text (Tab).
    case complete
    /// Choose the model to classify with (`M`).
    case pickModel
    /// Train a bundle from the labelled photos, or retrain (`T`).
    case train
}
