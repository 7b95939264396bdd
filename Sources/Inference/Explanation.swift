/// Where the model looked: an occlusion-sensitivity map over the region of the photo the model
/// saw. Each cell says how much the target's probability drops when that part of the input is
/// covered with a neutral grey patch.
///
/// Encoded as the `snakeid explain` / `POST /v1/explain` JSON:
/// `{"source", "target", "probability", "crop": {x, y, width, height}, "grid": {rows, columns,
/// values}, "forwards", "milliseconds"}`.
public struct Explanation: Sendable, Codable, Equatable {
    /// A rectangle of the original (EXIF-oriented) image, in its pixels.
    public struct Region: Sendable, Codable, Equatable {
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int

        public init(x: Int, y: Int, width: Int, height: Int) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }
    }

    /// The map: `values[r][c]` is the probability drop for row `r` (0 at the top), column `c`.
    public struct Grid: Sendable, Codable, Equatable {
        public var rows: Int
        public var columns: Int
        public var values: [[Double]]

        public init(rows: Int, columns: Int, values: [[Double]]) {
            self.rows = rows
            self.columns = columns
            self.values = values
        }

        /// The cell with the largest drop.
        public var hottest: (row: Int, column: Int) {
            var best = (row: 0, column: 0)
            for row in 0..<rows {
                for column in 0..<columns where values[row][column] > values[best.row][best.column] {
                    best = (row, column)
                }
            }
            return best
        }
    }

    /// The file path or URL explained.
    public var source: String
    /// "snake" (the snake probability) when the verdict is snake or unsure, else the top label.
    public var target: String
    /// The target's probability on the whole, unoccluded input.
    public var probability: Double
    /// The region of the original image that the model saw (its centre crop).
    public var crop: Region
    public var grid: Grid
    /// Model forwards it took (one per cell plus the unoccluded one).
    public var forwards: Int
    /// Wall time, decode to last forward.
    public var milliseconds: Double

    public init(
        source: String, target: String, probability: Double, crop: Region, grid: Grid, forwards: Int,
        milliseconds: Double
    ) {
        self.source = source
        self.target = target
        self.probability = probability
        self.crop = crop
        self.grid = grid
        self.forwards = forwards
        self.milliseconds = milliseconds
    }
}
