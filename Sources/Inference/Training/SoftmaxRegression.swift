import FoundationEssentials
import Glibc

/// Multinomial logistic regression (a softmax head) fitted by L-BFGS on standardised features:
/// minimises the class-weighted mean cross-entropy plus `decay / 2 · ‖W‖²` (the biases are not
/// decayed).
///
/// Parameters are laid out `classes x features` weights (row-major), then `classes` biases.
struct SoftmaxRegression: Sendable {
    /// Samples, one row of `featureCount` floats each (already standardised).
    var rows: [Float]
    var labels: [Int]
    /// Per-sample weights summing to 1 (classes balanced: each class weighs 1 / classes).
    var sampleWeights: [Float]
    var classCount: Int
    var featureCount: Int

    var sampleCount: Int { labels.count }
    var parameterCount: Int { classCount * (featureCount + 1) }

    /// Balanced sample weights: each class's samples share `1 / classes present`.
    static func balancedWeights(labels: [Int], classCount: Int) -> [Float] {
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[label] += 1 }
        let present = Float(counts.filter { $0 > 0 }.count)
        return labels.map { 1 / (present * Float(counts[$0])) }
    }

    /// Fits the parameters, starting from `start` (zeros when nil).
    func fit(decay: Float, start: [Float]? = nil, maxIterations: Int = 300) -> [Float] {
        var lbfgs = LBFGS(parameters: start ?? [Float](repeating: 0, count: parameterCount))
        return lbfgs.minimise(maxIterations: maxIterations) { parameters, gradient in
            lossAndGradient(parameters, decay: decay, gradient: &gradient)
        }
    }

    /// The objective at `parameters`, its gradient written to `gradient`.
    func lossAndGradient(_ parameters: [Float], decay: Float, gradient: inout [Float]) -> Float {
        let k = classCount
        let d = featureCount
        var loss: Float = 0
        for index in gradient.indices { gradient[index] = 0 }
        var logits = [Float](repeating: 0, count: k)
        parameters.withUnsafeBufferPointer { theta in
            rows.withUnsafeBufferPointer { x in
                gradient.withUnsafeMutableBufferPointer { g in
                    let w = theta.baseAddress!
                    let b = w + k * d
                    let gw = g.baseAddress!
                    let gb = gw + k * d
                    for sample in 0..<sampleCount {
                        let row = x.baseAddress! + sample * d
                        for c in 0..<k { logits[c] = Vector.dot(w + c * d, row, d) + b[c] }
                        let maximum = logits.max() ?? 0
                        var total: Float = 0
                        for c in 0..<k {
                            logits[c] = expf(logits[c] - maximum)
                            total += logits[c]
                        }
                        let weight = sampleWeights[sample]
                        let label = labels[sample]
                        loss -= weight * logf(max(logits[label] / total, 1e-30))
                        for c in 0..<k {
                            let difference = weight * (logits[c] / total - (c == label ? 1 : 0))
                            Vector.addScaled(row, difference, into: gw + c * d, d)
                            gb[c] += difference
                        }
                    }
                    var squares: Float = 0
                    for index in 0..<(k * d) {
                        squares += w[index] * w[index]
                        gw[index] += decay * w[index]
                    }
                    loss += decay / 2 * squares
                }
            }
        }
        return loss
    }

    /// The class probabilities of one standardised row under `parameters`.
    func probabilities(_ parameters: [Float], row: UnsafePointer<Float>) -> [Float] {
        parameters.withUnsafeBufferPointer { theta in
            let w = theta.baseAddress!
            var logits = (0..<classCount).map { c in
                Vector.dot(w + c * featureCount, row, featureCount) + w[classCount * featureCount + c]
            }
            let maximum = logits.max() ?? 0
            var total: Float = 0
            for c in logits.indices {
                logits[c] = expf(logits[c] - maximum)
                total += logits[c]
            }
            return logits.map { $0 / total }
        }
    }
}

/// Limited-memory BFGS with a backtracking (Armijo) line search.
struct LBFGS {
    var parameters: [Float]
    /// Corrections kept.
    var memory = 10

    /// Minimises `objective` (value, and gradient written in place) from `parameters`.
    mutating func minimise(
        maxIterations: Int, tolerance: Float = 1e-5, objective: ([Float], inout [Float]) -> Float
    ) -> [Float] {
        let n = parameters.count
        var gradient = [Float](repeating: 0, count: n)
        var value = objective(parameters, &gradient)
        var steps: [[Float]] = []
        var changes: [[Float]] = []
        var candidate = [Float](repeating: 0, count: n)
        var candidateGradient = [Float](repeating: 0, count: n)
        for iteration in 0..<maxIterations {
            if (gradient.map(abs).max() ?? 0) < tolerance { break }
            // Two-loop recursion: direction = -H · gradient.
            var direction = gradient.map { -$0 }
            var alphas = [Float](repeating: 0, count: steps.count)
            for index in steps.indices.reversed() {
                let rho = 1 / Vector.dot(changes[index], steps[index])
                alphas[index] = rho * Vector.dot(steps[index], direction)
                Vector.addScaled(changes[index], -alphas[index], into: &direction)
            }
            if let lastStep = steps.last, let lastChange = changes.last {
                let scale = Vector.dot(lastStep, lastChange) / Vector.dot(lastChange, lastChange)
                for index in direction.indices { direction[index] *= scale }
            } else {
                let norm = Vector.dot(gradient, gradient).squareRoot()
                for index in direction.indices { direction[index] /= max(norm, 1) }
            }
            for index in steps.indices {
                let rho = 1 / Vector.dot(changes[index], steps[index])
                let beta = rho * Vector.dot(changes[index], direction)
                Vector.addScaled(steps[index], alphas[index] - beta, into: &direction)
            }
            var slope = Vector.dot(gradient, direction)
            if slope >= 0 {  // not a descent direction: restart from steepest descent
                steps.removeAll()
                changes.removeAll()
                direction = gradient.map { -$0 }
                slope = Vector.dot(gradient, direction)
            }
            var step: Float = 1
            var accepted = false
            var candidateValue: Float = 0
            for _ in 0..<30 {
                for index in 0..<n { candidate[index] = parameters[index] + step * direction[index] }
                candidateValue = objective(candidate, &candidateGradient)
                if candidateValue <= value + 1e-4 * step * slope {
                    accepted = true
                    break
                }
                step *= 0.5
            }
            guard accepted else { break }
            let stepVector = (0..<n).map { candidate[$0] - parameters[$0] }
            let change = (0..<n).map { candidateGradient[$0] - gradient[$0] }
            if Vector.dot(stepVector, change) > 1e-10 {
                steps.append(stepVector)
                changes.append(change)
                if steps.count > memory {
                    steps.removeFirst()
                    changes.removeFirst()
                }
            }
            let improvement = value - candidateValue
            swap(&parameters, &candidate)
            swap(&gradient, &candidateGradient)
            value = candidateValue
            if iteration > 0 && improvement <= 1e-7 * max(abs(value), 1) { break }
        }
        return parameters
    }
}

/// Vectorised float loops (16 lanes: one AVX-512 register).
enum Vector {
    typealias Lanes = SIMD16<Float>

    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        var accumulator = Lanes()
        var index = 0
        let rawA = UnsafeRawPointer(a)
        let rawB = UnsafeRawPointer(b)
        let stride = MemoryLayout<Float>.stride
        while index + Lanes.scalarCount <= count {
            accumulator +=
                rawA.loadUnaligned(fromByteOffset: index * stride, as: Lanes.self)
                * rawB.loadUnaligned(fromByteOffset: index * stride, as: Lanes.self)
            index += Lanes.scalarCount
        }
        var sum = accumulator.sum()
        while index < count {
            sum += a[index] * b[index]
            index += 1
        }
        return sum
    }

    /// `target[i] += scale · source[i]`.
    @inline(__always)
    static func addScaled(
        _ source: UnsafePointer<Float>, _ scale: Float, into target: UnsafeMutablePointer<Float>, _ count: Int
    ) {
        var index = 0
        let rawSource = UnsafeRawPointer(source)
        let rawTarget = UnsafeMutableRawPointer(target)
        let stride = MemoryLayout<Float>.stride
        let factor = Lanes(repeating: scale)
        while index + Lanes.scalarCount <= count {
            let offset = index * stride
            let updated =
                rawTarget.loadUnaligned(fromByteOffset: offset, as: Lanes.self)
                + factor * rawSource.loadUnaligned(fromByteOffset: offset, as: Lanes.self)
            rawTarget.storeBytes(of: updated, toByteOffset: offset, as: Lanes.self)
            index += Lanes.scalarCount
        }
        while index < count {
            target[index] += scale * source[index]
            index += 1
        }
    }

    static func dot(_ a: [Float], _ b: [Float]) -> Float {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in dot(a.baseAddress!, b.baseAddress!, a.count) }
        }
    }

    static func addScaled(_ source: [Float], _ scale: Float, into target: inout [Float]) {
        source.withUnsafeBufferPointer { source in
            target.withUnsafeMutableBufferPointer { target in
                addScaled(source.baseAddress!, scale, into: target.baseAddress!, source.count)
            }
        }
    }
}
