// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "async-tour",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "async-tour", targets: ["async-tour"]),
        .executable(name: "async-tour-server", targets: ["async-tour-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-syntax", exact: "603.0.1"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .systemLibrary(
            name: "CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // The system calls Swift cannot make safely: spawning with pipes made
        // close-on-exec atomically, the subreaper, the process table.
        .target(
            name: "CTourSupport",
            cSettings: [.unsafeFlags(["-O2"])]
        ),
        // The trace reader: a run's records (up to 2 million) become task
        // and thread lives. Optimised in every configuration: unoptimised,
        // a busy actor's 400,000 hops took the tour seconds to read.
        .target(
            name: "TourTrace",
            swiftSettings: strictSettings + [.unsafeFlags(["-O"])]
        ),
        .target(
            name: "TourKit",
            dependencies: [
                "CCmarkGFM", "CTourSupport", "TourTrace",
                // Comments are told from code by the parser: a translated
                // chapter's snippets may differ from the original's in
                // their comments only, and share its builds.
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "SwiftSyntax", package: "swift-syntax"),
            ],
            swiftSettings: strictSettings
        ),
        // The REPL without a terminal: entries taken apart with SwiftParser,
        // the Swift written for each, the engine that runs them in the host.
        .target(
            name: "TourRepl",
            dependencies: [
                "TourKit",
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "SwiftSyntax", package: "swift-syntax"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "TourTerminal",
            dependencies: [
                "TourKit",
                "TourRepl",
                "CLibEdit",
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "SwiftIDEUtils", package: "swift-syntax"),
                .product(name: "SwiftSyntax", package: "swift-syntax"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "TourServer",
            dependencies: [
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "async-tour",
            dependencies: [
                "TourKit",
                "TourTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // The networking chapter's HTTP server, which async-tour starts as a
        // child process. Not a dependency of async-tour: SwiftPM would link
        // its libraries (FoundationNetworking, curl, TLS) into the shell too.
        // `swift build` builds both.
        .executableTarget(
            name: "async-tour-server",
            dependencies: ["TourServer"],
            swiftSettings: strictSettings
        ),
        // Chapter loading and rendering as one function for libFuzzer
        // (`scripts/fuzz`) and for the test that replays Tests/FuzzCorpus.
        .target(
            name: "TourFuzzing",
            dependencies: ["TourKit", "TourTerminal"],
            swiftSettings: strictSettings
        ),
        // Built plainly it replays the files it is given; scripts/fuzz builds
        // it with -sanitize=fuzzer -DFUZZING into .build-fuzz.
        .executableTarget(
            name: "async-tour-fuzz",
            dependencies: ["TourFuzzing"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TourKitTests",
            dependencies: [
                "TourKit", "TourTrace",
                // InterfaceCatalogTests reads every localized(…) message in the sources.
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "SwiftSyntax", package: "swift-syntax"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TourTerminalTests",
            dependencies: ["TourTerminal", "TourKit"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TourReplTests",
            dependencies: ["TourRepl", "TourKit"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TourServerTests",
            dependencies: ["TourServer"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TourFuzzingTests",
            dependencies: ["TourFuzzing"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["TourKit"],
            swiftSettings: strictSettings
        ),
    ]
)
