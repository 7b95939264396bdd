import TestSupport

/// The `/classify-url` tests' upstream: the test kit's loopback server (its routes are listed
/// there), started with `StaticImageServer.start(root:)`.
typealias StaticImageServer = LoopbackHTTPServer
