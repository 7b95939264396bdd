import Inference

/// What one rendered preview depends on: the photo (or its map), the box and the style.
struct RenderKey: Hashable, Sendable {
    var item: ItemKey
    /// The occlusion map over the photo rather than the photo.
    var showsMap: Bool
    /// The box in cells the art must fit.
    var columns: Int
    var rows: Int
    var style: PreviewStyle
}

/// A preview to render off the UI thread.
struct RenderRequest: Equatable, Sendable {
    var key: RenderKey
    var image: RGBImage
}

/// Rendered previews by photo and size, the most recent few (re-rendering costs 10–20 ms, so
/// moving back to a photo or toggling the zoom shows it at once).
struct PreviewRenders: Sendable {
    /// nil: libchafa produced nothing for that key (not asked again).
    private var arts: RecentCache<RenderKey, PreviewArt?>

    init(capacity: Int = 8) {
        arts = RecentCache(capacity: capacity)
    }

    /// Whether `key` was rendered (successfully or not).
    func contains(_ key: RenderKey) -> Bool { arts[key] != nil }

    /// The art for `key`; else, while it renders, another size of the same picture that fits.
    func art(for key: RenderKey) -> PreviewArt? {
        if let art = arts[key] { return art }
        let fallback = arts.keys.last {
            $0.item == key.item && $0.showsMap == key.showsMap && $0.style == key.style && $0.columns <= key.columns
                && $0.rows <= key.rows && (arts[$0] ?? nil) != nil
        }
        return fallback.flatMap { arts[$0] ?? nil }
    }

    mutating func insert(_ art: PreviewArt?, for key: RenderKey) {
        arts.insert(art, for: key)
    }
}
