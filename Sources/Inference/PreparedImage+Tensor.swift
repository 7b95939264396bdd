extension PreparedImage {
    /// An image a client has already preprocessed: `tensor` is the model's input for one image
    /// (channels first, normalised as the bundle's `input` says), as the Open Inference
    /// Protocol's FP32 input carries it. The caller checks the element count.
    public init(tensor: [Float], width: Int, height: Int, source: String) {
        self.init(source: source, tensor: tensor, width: width, height: height, decodeMs: 0, preprocessMs: 0)
    }
}
