import Dispatch
import Foundation
import Inference
import TestSupport
import Testing

@testable import TUI

/// The preview path on a 12-megapixel JPEG: DCT-scaled decode → thumbnail, then libchafa's
/// truecolor symbols for a 60 x 30 box (on the renderer's thread, not the UI's). Decoding must
/// stay ≤ 60 ms; the render costs 10–20 ms on top.
@Suite struct PreviewBenchmarkTests {
    @Test func twelveMegapixelJPEGPreviewsQuickly() throws {
        let bytes = try TestJPEG.gradient(width: 4000, height: 3000)
        let loader = PreviewLoader()
        var samples: [Double] = []
        var renders: [Double] = []
        let style = PreviewStyle(colorMode: .trueColor)
        for _ in 0..<7 {
            let started = DispatchTime.now().uptimeNanoseconds
            let thumbnail = try loader.thumbnail(bytes: bytes, source: "12mp.jpg")
            let decoded = DispatchTime.now().uptimeNanoseconds
            let art = ChafaRenderer.render(thumbnail, columns: 60, rows: 30, style: style)
            samples.append(Double(decoded - started) / 1e6)
            renders.append(Double(DispatchTime.now().uptimeNanoseconds - decoded) / 1e6)
            #expect(art?.columns == 60)
        }
        let median = TestJPEG.median(samples)
        print(
            String(
                format:
                    "PREVIEW-12MP decode median %.1f ms, chafa 60x30 truecolor median %.1f ms (%d samples, %d KB JPEG)",
                median, TestJPEG.median(renders), samples.count, bytes.count / 1024))
        if TimingChecks.enabled {
            #if DEBUG
                #expect(median <= 150, "debug build; release must be <= 60 ms")
            #else
                #expect(median <= 60)
            #endif
        }
    }
}
