// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "catalog-refresh",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "catalog-refresh", targets: ["catalog-refresh"]),
        .executable(name: "catalog-refresh-bench", targets: ["catalog-refresh-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // Already in the graph through the two above; named so our targets may import them
        // (swift-nio-ssl for the CA bundle's certificates and the TLS errors the transport reads).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.30.0"),
    ],
    targets: [
        // System libraries, found through pkg-config; the apt packages are installed by .ci/run.
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(
            name: "CLibPNG", pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        // Amazon exports convert PNG to JPEG; libjpeg-turbo is what Debian ships as libjpeg.
        .systemLibrary(
            name: "CLibJPEG", pkgConfig: "libjpeg",
            providers: [.apt(["libjpeg62-turbo-dev"])]),

        // SHA-256 through OpenSSL's EVP digests (CatalogModel's `SHA256`).
        .systemLibrary(
            name: "CCrypto", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),
        // syncfs(2): one write-back for a group of stored results instead of two fsyncs each.
        .target(name: "CFileSync"),
        // Two SHA-256 digests at once with the x86 SHA instructions: OpenSSL's API hashes one
        // message at a time (`SHA256Pair`, checked against OpenSSL before first use).
        .target(name: "CSHA256Pair"),
        // CZlib for the one CRC-32 (`CRC32`) that storage, exports and test images share.
        .target(name: "CatalogModel", dependencies: ["CCrypto", "CZlib", "CSHA256Pair"], swiftSettings: swiftSettings),
        .target(name: "FeedIngest", dependencies: ["CatalogModel", "CLibXML2", "CZlib"], swiftSettings: swiftSettings),
        .target(
            name: "PipelineSpec",
            dependencies: ["CatalogModel", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings),
        .target(name: "Planner", dependencies: ["CatalogModel", "PipelineSpec"], swiftSettings: swiftSettings),
        .target(name: "JobStore", dependencies: ["CatalogModel", "CSQLite"], swiftSettings: swiftSettings),
        .target(
            name: "ImageService",
            dependencies: [
                "CatalogModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "AssetStorage", dependencies: ["CatalogModel", "CZlib", "CFileSync"], swiftSettings: swiftSettings),
        .target(
            name: "Dispatcher",
            dependencies: [
                "CatalogModel", "JobStore", "ImageService", "AssetStorage",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "Approval",
            dependencies: [
                "CatalogModel", "JobStore", "AssetStorage", "CLibPNG", "CLibJPEG", "LoopbackServer",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "LoopbackServer",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "EvoLinkSimulator",
            dependencies: [
                "CatalogModel", "CLibPNG", "LoopbackServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "CatalogTestSupport",
            dependencies: [
                "CatalogModel", "ImageService", "JobStore", "LoopbackServer", "CZlib",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "catalog-refresh",
            dependencies: [
                "CatalogModel", "FeedIngest", "PipelineSpec", "Planner", "JobStore", "ImageService",
                "Dispatcher", "AssetStorage", "Approval", "EvoLinkSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings,
            // jemalloc (Debian's libjemalloc-dev) as the process's malloc: the plan makes jobs on
            // one thread and frees them on another, and glibc's arenas lock for every such free
            // (BENCHMARKS.md, "The allocator").
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]),
        .executableTarget(
            name: "catalog-refresh-bench",
            dependencies: [
                "CatalogModel", "FeedIngest", "PipelineSpec", "Planner", "JobStore", "Dispatcher", "ImageService",
                "AssetStorage", "EvoLinkSimulator", "Approval",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),

        .testTarget(
            name: "CatalogModelTests", dependencies: ["CatalogModel", "CatalogTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "FeedIngestTests", dependencies: ["FeedIngest", "CatalogTestSupport"], exclude: ["Goldens"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "PipelineSpecTests", dependencies: ["PipelineSpec", "CatalogTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "PlannerTests",
            dependencies: ["Planner", "PipelineSpec", "JobStore", "FeedIngest", "CatalogTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "JobStoreTests", dependencies: ["JobStore", "CatalogTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ImageServiceTests",
            dependencies: [
                "ImageService", "CatalogTestSupport", "EvoLinkSimulator",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "AssetStorageTests", dependencies: ["AssetStorage", "CatalogTestSupport", "EvoLinkSimulator"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "DispatcherTests",
            dependencies: ["Dispatcher", "CatalogTestSupport", "EvoLinkSimulator", "AssetStorage"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ApprovalTests", dependencies: ["Approval", "CatalogTestSupport", "CLibJPEG", "CZlib"],
            exclude: ["Goldens"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "EvoLinkSimulatorTests", dependencies: ["EvoLinkSimulator", "CatalogTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CatalogRefreshEndToEndTests",
            dependencies: [
                "CatalogTestSupport", "CatalogModel", "JobStore", "AssetStorage", "catalog-refresh",
                // The nightly benchmark's store builder, checked against the real `run`.
                "catalog-refresh-bench",
            ],
            exclude: ["Goldens"], swiftSettings: swiftSettings),
    ]
)
