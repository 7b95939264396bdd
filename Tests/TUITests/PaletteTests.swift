import Testing

@testable import TUI

/// Colour detection and quantisation to the 256-colour palette.
@Suite struct PaletteTests {
    @Test(arguments: [
        (["NO_COLOR": "1", "COLORTERM": "truecolor"], 256, ColorMode.shading),
        (["NO_COLOR": ""], 256, .palette256),
        (["COLORTERM": "truecolor"], 256, .trueColor),
        (["COLORTERM": "24bit"], 8, .trueColor),
        (["COLORTERM": "TrueColor"], 256, .trueColor),
        ([:], 256, .palette256),
        (["COLORTERM": "yes"], 88, .ansi16),
        ([:], 8, .ansi8),
        ([:], 2, .shading),
        (["COLORTERM": "truecolor"], 0, .shading),
    ])
    func modeFollowsEnvironmentAndTerminal(environment: [String: String], colors: Int, expected: ColorMode) {
        #expect(ColorMode.detect(environment: environment, terminalColors: colors) == expected)
    }

    @Test(arguments: [
        (RGB(255, 0, 0), 196), (RGB(0, 255, 0), 46), (RGB(0, 0, 255), 21), (RGB(255, 255, 255), 231),
        (RGB(0, 0, 0), 16), (RGB(95, 135, 175), 67), (RGB(128, 128, 128), 244), (RGB(238, 238, 238), 255),
        (RGB(100, 140, 170), 67), (RGB(8, 8, 8), 232),
    ])
    func index256PicksNearestCubeColourOrGrey(color: RGB, expected: Int) {
        #expect(Palette.index256(color) == expected)
    }

    @Test func everyPaletteEntryQuantisesToItself() {
        for index in 16...255 {
            #expect(Palette.index256(Palette.color256(index)) == index, "index \(index)")
        }
    }

    @Test func cubeLevelBoundariesAreTheMidpoints() {
        let expected = [
            (0, 0), (47, 0), (48, 1), (114, 1), (115, 2), (154, 2), (155, 3), (194, 3), (195, 4), (234, 4), (235, 5),
            (255, 5),
        ]
        for (value, level) in expected {
            #expect(Palette.nearestCubeLevel(value) == level, "value \(value)")
        }
    }
}
