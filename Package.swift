// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "SnakeID",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "snakeid", targets: ["snakeid"]),
        // The benchmarks (`make bench`, `make bench-server`): not part of the shipped program.
        .executable(name: "snakeid-bench", targets: ["SnakeIDBench"]),
        .library(name: "Inference", targets: ["Inference"]),
        // Loaded at run time with dlopen, so that start-up does not pay for libtorch.
        .library(name: "TorchBridge", type: .dynamic, targets: ["CTorchBridge"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        // No default traits: "FullFoundation" would import Foundation, and with it ICU (40 MB of
        // the binary); "ConfigurationSupport" adds swift-configuration, which SnakeID does not use.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
    ],
    targets: [
        // The bridge's C API: its functions and the pointer types their dlsym results are cast to.
        .target(name: "CTorchBridgeAPI"),
        .target(
            name: "CTorchBridge",
            dependencies: ["CTorchBridgeAPI"],
            cxxSettings: [.define("SNK_TORCH_BRIDGE_BUILD")],
            linkerSettings: [
                .linkedLibrary("torch"), .linkedLibrary("torch_cpu"), .linkedLibrary("c10"),
            ]
        ),
        // OpenVINO's C API, loaded with dlopen on first use (see mk/openvino.mk): nothing to link.
        .target(name: "COpenVINOBridge"),
        .target(
            name: "CImageCodecs",
            linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("png")]
        ),
        .target(name: "CMalloc"),
        // SHA-256 from OpenSSL's libcrypto (libssl-dev): weights hashes and API key comparison.
        .target(
            name: "CDigest",
            linkerSettings: [.linkedLibrary("crypto")]
        ),
        .target(
            name: "CFetch",
            linkerSettings: [.linkedLibrary("curl")]
        ),
        .target(
            name: "Inference",
            dependencies: [
                "CImageCodecs", "CFetch", "CMalloc", "COpenVINOBridge", "CTorchBridgeAPI", "CDigest",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Server",
            dependencies: [
                "Inference", "CDigest",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // libchafa draws the preview (symbols, sixel, kitty, iTerm2); pkg-config finds it and glib.
        .systemLibrary(name: "CChafa", pkgConfig: "chafa", providers: [.apt(["libchafa-dev", "libglib2.0-dev"])]),
        .target(
            name: "CNcurses",
            linkerSettings: [.linkedLibrary("ncursesw")]
        ),
        .target(
            name: "TUI",
            dependencies: [
                "Inference", "Server", "CNcurses", "CChafa",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "snakeid",
            dependencies: [
                "Inference", "Server", "TUI",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "SnakeIDBench",
            dependencies: [
                "Inference", "Server", "TestSupport",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TestSupport",
            dependencies: ["Inference", "CImageCodecs", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "InferenceTests",
            dependencies: ["Inference", "CImageCodecs", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Inference", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TUITests",
            dependencies: ["TUI", "Inference", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SnakeIDTests",
            dependencies: ["TestSupport"],
            swiftSettings: swiftSettings
        ),
    ],
    cxxLanguageStandard: .cxx17
)
