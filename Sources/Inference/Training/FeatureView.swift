/// One way of showing a photo to the backbone. Training photos are seen several ways
/// (augmentation computed at feature time); validation and test photos as classify sees them.
public enum FeatureView: String, Sendable, Codable, CaseIterable {
    /// The classifier's own input: shorter side resized to the bundle's size, centre crop.
    case center
    /// `center`, mirrored left to right.
    case flipped
    /// A wider crop: the shorter side resized to the crop size, so the crop shows all of it.
    case wide
    /// `wide`, mirrored.
    case wideFlipped = "wide_flipped"

    /// The input tensor of `image` seen this way.
    func tensor(for image: RGBImage, input: ModelMetadata.Input) -> [Float] {
        var input = input
        if self == .wide || self == .wideFlipped { input.resizeShorterSide = min(input.width, input.height) }
        let tensor = Preprocessor(input: input).tensor(for: image)
        return self == .flipped || self == .wideFlipped ? Self.mirrored(tensor, width: input.width) : tensor
    }

    /// `tensor` (planar CHW) with every row reversed.
    static func mirrored(_ tensor: [Float], width: Int) -> [Float] {
        var result = tensor
        let rows = tensor.count / width
        tensor.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { target in
                for row in 0..<rows {
                    let base = row * width
                    for x in 0..<width { target[base + x] = source[base + width - 1 - x] }
                }
            }
        }
        return result
    }
}

/// Which views of the training photos the head is fitted on (`--augment`).
public enum Augmentation: String, Sendable, Codable, CaseIterable {
    /// The centre crop only.
    case none
    /// The centre crop and its mirror image.
    case flip
    /// The centre and the wide crop, each also mirrored.
    case flipCrop = "flip-crop"

    /// The views of a training photo.
    public var views: [FeatureView] {
        switch self {
        case .none: [.center]
        case .flip: [.center, .flipped]
        case .flipCrop: [.center, .flipped, .wide, .wideFlipped]
        }
    }
}
