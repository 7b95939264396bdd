import Testing

@testable import TUI

/// The cache of rendered previews: bounded, by photo, box and style, showing a smaller render
/// of the same picture while the right size is on its way.
@Suite struct PreviewRendersTests {
    let style = PreviewStyle(colorMode: .palette256)

    func key(_ name: String, _ columns: Int, _ rows: Int, style: PreviewStyle? = nil, map: Bool = false) -> RenderKey {
        RenderKey(
            item: .file(path: "/photos/" + name, modified: 1), showsMap: map, columns: columns, rows: rows,
            style: style ?? self.style)
    }

    func art(_ columns: Int, _ rows: Int) -> PreviewArt {
        let cell = SymbolCell(character: "▀", foreground: .indexed(196), background: .indexed(21))
        return .symbols(SymbolArt(columns: columns, rows: rows, cells: Array(repeating: cell, count: columns * rows)))
    }

    @Test func oldestRendersGoFirst() {
        var renders = PreviewRenders(capacity: 2)
        renders.insert(art(1, 1), for: key("a", 10, 10))
        renders.insert(art(2, 2), for: key("b", 10, 10))
        renders.insert(art(3, 3), for: key("c", 10, 10))
        #expect(!renders.contains(key("a", 10, 10)))
        #expect(renders.art(for: key("b", 10, 10)) == art(2, 2))
        #expect(renders.art(for: key("c", 10, 10)) == art(3, 3))
    }

    @Test func aSmallerRenderOfTheSamePictureStandsIn() {
        var renders = PreviewRenders()
        renders.insert(art(8, 4), for: key("a", 8, 4))
        #expect(renders.art(for: key("a", 20, 10)) == art(8, 4))
        // Not a bigger one, not another photo, style or the map.
        #expect(renders.art(for: key("a", 6, 3)) == nil)
        #expect(renders.art(for: key("b", 20, 10)) == nil)
        #expect(renders.art(for: key("a", 20, 10, style: PreviewStyle(colorMode: .trueColor))) == nil)
        #expect(renders.art(for: key("a", 20, 10, map: true)) == nil)
        #expect(!renders.contains(key("a", 20, 10)))
    }

    @Test func aFailedRenderIsNotAskedForAgain() {
        var renders = PreviewRenders()
        renders.insert(nil, for: key("a", 8, 4))
        #expect(renders.contains(key("a", 8, 4)))
        #expect(renders.art(for: key("a", 8, 4)) == nil)
    }
}
