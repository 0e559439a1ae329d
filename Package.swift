// swift-tools-version:6.1
// Factwire: news articles in, market-figure facts out, with PostgreSQL as the only thing
// the ingest worker and the query worker share. Targets follow DESIGN.md ("Parts").
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault")
]

let package = Package(
    name: "factwire",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "factwire", targets: ["factwire"]),
        .library(name: "FactwireQueue", targets: ["FactwireQueue"]),
        .library(name: "FactwireQueueTesting", targets: ["FactwireQueueTesting"]),
        .library(name: "FactwireExtract", targets: ["FactwireExtract"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-nio-http2.git", from: "1.36.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.0"),
        .package(url: "https://github.com/swift-server/swift-openapi-async-http-client.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.0"),
        // OTLP over HTTP only: the gRPC exporter would bring grpc-swift into every build.
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"])
    ],
    targets: [
        // libxml2's HTML parser (the system library; `apt-get install libxml2-dev` provides the headers).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // The vocabulary every module shares: any JSON value as a Codable type, the one encoder
        // configuration, durations in seconds. Imports nothing.
        .target(name: "FactwireCore", swiftSettings: swiftSettings),
        // The domain: pure, synchronous, no I/O. Imports nothing of ours but FactwireCore.
        .target(
            name: "FactwireExtract",
            dependencies: ["CLibXML2", "FactwireCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // Trains the fact model on annotated articles, or cross-validates it (a build-time tool).
        .executableTarget(
            name: "factwire-train",
            dependencies: ["FactwireExtract", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        // libFuzzer's driver entry, weakly linked (see Fuzz/README.md).
        .target(name: "CFuzzDriver"),
        // The fuzz target for untrusted input; replays a corpus when built without the fuzzer.
        .executableTarget(
            name: "factwire-fuzz",
            dependencies: ["CFuzzDriver", "FactwireExtract"],
            swiftSettings: swiftSettings
        ),
        // The generic PostgreSQL job queue. Never imports the article domain.
        .target(
            name: "FactwireQueue",
            dependencies: [
                "FactwireCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Tracing", package: "swift-distributed-tracing")
            ],
            swiftSettings: swiftSettings
        ),
        // Persistence: DATABASE_URL parsing, the advisory-locked migrator, embedded migrations.
        .target(
            name: "FactwireStore",
            dependencies: [
                "FactwireCore",
                "FactwireExtract",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Tracing", package: "swift-distributed-tracing")
            ],
            swiftSettings: swiftSettings,
            plugins: ["EmbedMigrations"]
        ),
        // The ingest worker: the `ingest` job handler.
        .target(
            name: "FactwireIngest",
            dependencies: [
                "FactwireQueue", "FactwireStore", "FactwireExtract",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto")
            ],
            swiftSettings: swiftSettings
        ),
        // The query worker: HTTPS API.
        .target(
            name: "FactwireAPI",
            dependencies: [
                "FactwireCore",
                "FactwireObservability", "FactwireQueue", "FactwireStore", "FactwireIngest", "FactwireExtract",
                "EmbeddedPostgres",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdHTTP2", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus")
            ],
            swiftSettings: swiftSettings
        ),
        // A private PostgreSQL cluster from the installed server binaries.
        .target(
            name: "EmbeddedPostgres",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto")
            ],
            swiftSettings: swiftSettings
        ),
        // Metrics: the process's Prometheus registry, `# HELP` texts each module contributes, and the
        // `/metrics` server the ingest worker runs (the query worker serves the same on its own port).
        .target(
            name: "FactwireObservability",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
            ],
            swiftSettings: swiftSettings
        ),
        // A typed HTTPS client of the API (mutual TLS or a token): `factwire ingest --server` and scripts.
        .target(
            name: "FactwireClient",
            dependencies: [
                "FactwireCore", "FactwireQueue", "FactwireIngest",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2")
            ],
            swiftSettings: swiftSettings
        ),
        // Benchmarks (extraction, queue, ingestion, API) and the generated corpus they share: the
        // `factwire bench` commands print their reports.
        .target(
            name: "FactwireBench",
            dependencies: [
                "EmbeddedPostgres", "FactwireCore", "FactwireExtract", "FactwireQueue", "FactwireStore",
                "FactwireIngest", "FactwireAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "PostgresNIO", package: "postgres-nio")
            ],
            swiftSettings: swiftSettings
        ),
        // Running a service process: the shutdown deadline, systemd's notify protocol, the open-file limit,
        // a client pool as a service.
        .target(
            name: "FactwireRuntime",
            dependencies: [
                "EmbeddedPostgres", "FactwireCore", "FactwireQueue", "FactwireStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
            ],
            swiftSettings: swiftSettings
        ),
        // The one executable. Thin: read configuration, build services, run them.
        .executableTarget(
            name: "factwire",
            dependencies: [
                "EmbeddedPostgres", "FactwireCore", "FactwireStore", "FactwireQueue", "FactwireExtract",
                "FactwireIngest", "FactwireAPI", "FactwireBench", "FactwireClient", "FactwireObservability",
                "FactwireRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio")
            ],
            swiftSettings: swiftSettings
        ),
        // The queue's test kit, for users too: handlers without a database, what code enqueued, draining.
        .target(
            name: "FactwireQueueTesting",
            dependencies: [
                "FactwireQueue",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log")
            ],
            swiftSettings: swiftSettings
        ),
        // Test-only helpers: one embedded cluster per test run, a database per suite.
        .target(
            name: "FactwireTesting",
            dependencies: [
                "EmbeddedPostgres", "FactwireStore", "FactwireExtract",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log")
            ],
            swiftSettings: swiftSettings
        ),
        // Build tool: turns migrations/*.sql into a Swift source, so the binary migrates from any directory.
        .executableTarget(name: "MigrationEmbedder", swiftSettings: swiftSettings),
        .plugin(name: "EmbedMigrations", capability: .buildTool(), dependencies: ["MigrationEmbedder"]),

        .testTarget(
            name: "EmbeddedPostgresTests",
            dependencies: [
                "EmbeddedPostgres", "FactwireTesting", "FactwireStore",
                .product(name: "PostgresNIO", package: "postgres-nio")
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FactwireStoreTests",
            dependencies: [
                "FactwireStore", "FactwireCore", "FactwireTesting",
                .product(name: "PostgresNIO", package: "postgres-nio")
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FactwireExtractTests",
            dependencies: [
                "FactwireExtract", "FactwireTesting", .product(name: "PropertyBased", package: "swift-property-based")
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FactwireQueueTests",
            dependencies: [
                "FactwireQueue", "FactwireQueueTesting", "FactwireTesting", "FactwireStore", "FactwireCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FactwireIngestTests",
            dependencies: [
                "FactwireIngest", "FactwireCore", "FactwireTesting", "FactwireStore", "FactwireQueue",
                "FactwireQueueTesting",
                "FactwireExtract",
                .product(name: "PostgresNIO", package: "postgres-nio")
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FactwireAPITests",
            dependencies: [
                "FactwireAPI", "FactwireIngest", "FactwireTesting", "FactwireStore", "FactwireQueue", "FactwireExtract",
                "EmbeddedPostgres", "FactwireClient", "FactwireObservability",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FactwireRuntimeTests",
            dependencies: [
                "FactwireRuntime", "FactwireCore",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log")
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FactwireCLITests",
            dependencies: [
                "FactwireTesting", "EmbeddedPostgres", "FactwireStore", "FactwireQueue", "FactwireIngest",
                "FactwireExtract",
                .product(name: "PostgresNIO", package: "postgres-nio")
            ],
            swiftSettings: swiftSettings
        )
    ]
)
