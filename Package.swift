// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "dmap",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "DecisionMap", targets: ["DecisionMap"]),
        .library(name: "DecisionMapAnalysis", targets: ["DecisionMapAnalysis"]),
        .library(name: "DecisionMapSimulation", targets: ["DecisionMapSimulation"]),
        .library(name: "DecisionMapViews", targets: ["DecisionMapViews"]),
        .library(name: "DecisionMapEvaluation", targets: ["DecisionMapEvaluation"]),
        .library(name: "DecisionMapLanguageServer", targets: ["DecisionMapLanguageServer"]),
        .executable(name: "dmap", targets: ["dmap"]),
    ],
    targets: [
        .target(
            name: "DecisionMap",
            // Rounding (`rounded()`) calls libm; a client that does not import Foundation would
            // otherwise fail to link on Linux.
            linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
        .target(name: "DecisionMapAnalysis", dependencies: ["DecisionMap"]),
        .target(name: "DecisionMapSimulation", dependencies: ["DecisionMap"]),
        .target(name: "DecisionMapViews", dependencies: ["DecisionMap", "DecisionMapSimulation", "DecisionMapAnalysis"]),
        .target(name: "DecisionMapEvaluation", dependencies: ["DecisionMap", "DecisionMapSimulation"]),
        .target(name: "DecisionMapLanguageServer", dependencies: ["DecisionMap", "DecisionMapAnalysis"]),
        .executableTarget(name: "lint-bench", dependencies: ["DecisionMap", "DecisionMapAnalysis"], path: "Benchmarks/LintBench"),
        .testTarget(name: "DecisionMapAnalysisTests", dependencies: ["DMapTestSupport", "DecisionMap", "DecisionMapAnalysis", "DecisionMapSimulation", "dmap"]),
        .executableTarget(
            name: "dmap",
            dependencies: ["DecisionMap", "DecisionMapAnalysis", "DecisionMapSimulation", "DecisionMapViews", "DecisionMapEvaluation",
                           "DecisionMapLanguageServer"]),
        .executableTarget(name: "EmbeddedTriage", dependencies: ["DecisionMap"], path: "docs/examples/EmbeddedTriage"),
        // Helpers shared by the test targets (running the built `dmap`); not a product.
        .target(name: "DMapTestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "DecisionMapAPITests",
            dependencies: ["DMapTestSupport", "DecisionMap", "dmap"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "DecisionMapTests",
            dependencies: ["DMapTestSupport", "DecisionMap", "DecisionMapAnalysis", "DecisionMapSimulation", "dmap"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "DecisionMapViewsTests",
            dependencies: ["DecisionMap", "DecisionMapSimulation", "DecisionMapAnalysis", "DecisionMapViews"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "DecisionMapLanguageServerTests",
            dependencies: ["DMapTestSupport", "DecisionMap", "DecisionMapLanguageServer", "dmap"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "DecisionMapEvaluationTests",
            dependencies: ["DMapTestSupport", "DecisionMap", "DecisionMapSimulation", "DecisionMapEvaluation", "dmap"]),
    ]
)
