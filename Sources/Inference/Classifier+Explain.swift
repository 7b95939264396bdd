import FoundationEssentials

/// What ``Classifier/explain(bytes:source:grid:)`` returns: the map, the prediction for the
/// unoccluded image, and the decoded image with the crop in its own pixels (for overlays).
public struct ExplanationResult: Sendable {
    public var explanation: Explanation
    public var prediction: Prediction
    /// The decoded, upright image (smaller than the file's size after a reduced decode).
    public var image: RGBImage
    /// ``Explanation/crop`` in `image`'s pixels.
    public var cropInImage: Explanation.Region

    /// The photo with the map blended over it: ``ExplanationOverlay/render(_:)``.
    public var overlay: RGBImage { ExplanationOverlay.render(self) }
}

extension Classifier {
    /// How an occlusion map is made: `rows x columns` cells over the model's input crop, each
    /// occluded by a patch `overlap` times the cell size (centred on the cell, so neighbouring
    /// patches overlap) filled with the normalisation mean (a neutral grey).
    public struct OcclusionGrid: Sendable, Equatable {
        public var rows: Int
        public var columns: Int
        public var overlap: Double

        public init(rows: Int = 7, columns: Int = 7, overlap: Double = 2) {
            self.rows = max(rows, 1)
            self.columns = max(columns, 1)
            self.overlap = max(overlap, 1)
        }
    }

    /// Explains the prediction for an image held in memory: decodes and preprocesses it once,
    /// then runs the unoccluded input and one occluded copy per cell through the same forward
    /// lanes as every classification.
    ///
    /// - Returns: The map and the prediction for the unoccluded image.
    /// - Throws: ``InferenceError`` as ``classify(bytes:source:topK:)`` does.
    public func explain(
        bytes: [UInt8], source: String, grid: OcclusionGrid = OcclusionGrid(), topK: Int = 5
    ) async throws(InferenceError) -> ExplanationResult {
        let started = ContinuousClock.now
        let input = bundle.metadata.input
        let decoded = try decoder.decodeWithSourceSize(
            bytes, source: source, minShorterSide: input.resizeShorterSide)
        let decodedAt = ContinuousClock.now
        let image = decoded.image
        let base = preprocessor.tensor(for: image)
        let prepared = PreparedImage(
            source: source, tensor: base, width: image.width, height: image.height,
            decodeMs: (decodedAt - started).totalSeconds * 1000,
            preprocessMs: (ContinuousClock.now - decodedAt).totalSeconds * 1000)
        let baseOutput = try await submitForTimings(base, source: source)
        let baseScores = baseOutput.scores
        let prediction = builder.prediction(
            scores: baseScores, source: source, topK: topK, timings: timings(of: prepared, output: baseOutput))
        let targetIndices: [Int]
        let target: String
        if prediction.verdict == .notSnake, let top = prediction.top.first {
            (targetIndices, target) = ([top.index], top.label)
        } else {
            (targetIndices, target) = (bundle.metadata.snakes.map(\.index), "snake")
        }
        let probability = { (scores: [Float]) -> Double in
            let probabilities = PredictionBuilder.softmax(self.builder.logits(of: scores))
            return targetIndices.reduce(0.0) { $0 + (probabilities.indices.contains($1) ? probabilities[$1] : 0) }
        }
        let baseline = probability(baseScores)

        // One occluded tensor per cell, run with bounded concurrency so that one explanation
        // does not fill the queue that other requests share.
        let cells = (0..<(grid.rows * grid.columns)).map { ($0 / grid.columns, $0 % grid.columns) }
        var values = [[Double]](repeating: [Double](repeating: 0, count: grid.columns), count: grid.rows)
        let inFlight = max(configuration.lanes * configuration.maxBatch * 2, 2)
        var failure: InferenceError?
        await BoundedConcurrency.forEach(count: cells.count, width: inFlight) { cell in
            let tensor = self.occluded(base, row: cells[cell].0, column: cells[cell].1, grid: grid)
            return await Result { () async throws(InferenceError) in try await self.submit(tensor, source: source) }
        } handle: { cell, scores in
            switch scores {
            case .success(let scores): values[cells[cell].0][cells[cell].1] = baseline - probability(scores)
            case .failure(let error): failure = failure ?? error
            }
            return failure == nil
        }
        if let failure { throw failure }

        let explanation = Explanation(
            source: source, target: target, probability: baseline,
            crop: cropRegion(
                decodedWidth: image.width, decodedHeight: image.height, sourceWidth: decoded.sourceWidth,
                sourceHeight: decoded.sourceHeight),
            grid: Explanation.Grid(rows: grid.rows, columns: grid.columns, values: values),
            forwards: cells.count + 1, milliseconds: (ContinuousClock.now - started).totalSeconds * 1000)
        let cropInImage = cropRegion(
            decodedWidth: image.width, decodedHeight: image.height, sourceWidth: image.width,
            sourceHeight: image.height)
        return ExplanationResult(
            explanation: explanation, prediction: prediction, image: image, cropInImage: cropInImage)
    }

    /// The scores of one tensor from the forward lanes.
    private func submit(_ tensor: [Float], source: String) async throws(InferenceError) -> [Float] {
        try await submitForTimings(tensor, source: source).scores
    }

    /// One tensor's forward, with its queue and forward times.
    private func submitForTimings(_ tensor: [Float], source: String) async throws(InferenceError)
        -> ForwardQueue.Output
    {
        do {
            return try await queue.submit(tensor)
        } catch {
            throw error.with(source: source)
        }
    }

    /// `base` with the patch of cell (`row`, `column`) set to 0, the normalised mean.
    private func occluded(_ base: [Float], row: Int, column: Int, grid: OcclusionGrid) -> [Float] {
        let width = bundle.metadata.input.width
        let height = bundle.metadata.input.height
        let x = patch(index: column, count: grid.columns, size: width, overlap: grid.overlap)
        let y = patch(index: row, count: grid.rows, size: height, overlap: grid.overlap)
        var tensor = base
        let plane = width * height
        for channel in 0..<3 {
            for py in y {
                let start = channel * plane + py * width
                for px in x { tensor[start + px] = 0 }
            }
        }
        return tensor
    }

    /// The pixels a cell's patch covers along one axis: the cell, widened to `overlap` times its
    /// size around its centre, clipped to the input.
    func patch(index: Int, count: Int, size: Int, overlap: Double) -> Range<Int> {
        let cell = Double(size) / Double(count)
        let centre = (Double(index) + 0.5) * cell
        let half = cell * overlap / 2
        let lower = max(0, Int((centre - half).rounded()))
        let upper = min(size, Int((centre + half).rounded()))
        return lower..<max(upper, lower + 1)
    }

    /// The region of the original upright image that the model's centre crop covers.
    func cropRegion(decodedWidth: Int, decodedHeight: Int, sourceWidth: Int, sourceHeight: Int)
        -> Explanation.Region
    {
        let input = bundle.metadata.input
        let resized = preprocessor.resizedSize(width: decodedWidth, height: decodedHeight)
        let origin = preprocessor.cropOrigin(resized: resized)
        // Resized → source pixels, per axis.
        let scaleX = Double(sourceWidth) / Double(resized.width)
        let scaleY = Double(sourceHeight) / Double(resized.height)
        return Explanation.Region(
            x: Int((Double(origin.x) * scaleX).rounded()), y: Int((Double(origin.y) * scaleY).rounded()),
            width: Int((Double(input.width) * scaleX).rounded()), height: Int((Double(input.height) * scaleY).rounded())
        )
    }
}
