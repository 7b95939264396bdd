import Dispatch
import Foundation
import Inference
import TestSupport
import Testing

@testable import TUI

/// The preview path on a 12-megapixel JPEG: read bytes → DCT-scaled decode → thumbnail →
/// half-block cells for a 83 x 14 pane (the 120 x 40 layout). The issue asks for ≤ 60 ms.
@Suite struct PreviewBenchmarkTests {
    @Test func twelveMegapixelJPEGPreviewsQuickly() throws {
        let bytes = try TestJPEG.gradient(width: 4000, height: 3000)
        let loader = PreviewLoader()
        var samples: [Double] = []
        for _ in 0..<7 {
            let started = DispatchTime.now().uptimeNanoseconds
            let thumbnail = try loader.thumbnail(bytes: bytes, source: "12mp.jpg")
            let picture = HalfBlock.render(thumbnail, columns: 83, rows: 14)
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
            #expect(picture?.rows == 14)
        }
        let median = TestJPEG.median(samples)
        print(
            String(
                format: "PREVIEW-12MP median %.1f ms (%d samples, %d KB JPEG)", median, samples.count,
                bytes.count / 1024))
        if TimingChecks.enabled {
            #if DEBUG
                #expect(median <= 150, "debug build; release must be <= 60 ms")
            #else
                #expect(median <= 60)
            #endif
        }
    }
}
