// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "dmap",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "DecisionMap", targets: ["DecisionMap"]),
        .library(name: "DecisionMapAnalysis", targets: ["DecisionMapAnalysis"]),
        .library(name: "DecisionMapSimulation", targets: ["DecisionMapSimulation"]),
        .library(name: "DecisionMapEvaluation", targets: ["DecisionMapEvaluation"]),
        .executable(name: "dmap", targets: ["dmap"]),
    ],
    targets: [
        .target(name: "DecisionMap"),
        .target(name: "DecisionMapAnalysis", dependencies: ["DecisionMap"]),
        .target(name: "DecisionMapSimulation", dependencies: ["DecisionMap"]),
        .target(name: "DecisionMapEvaluation", dependencies: ["DecisionMap", "DecisionMapSimulation"]),
        .executableTarget(
            name: "dmap",
            dependencies: ["DecisionMap", "DecisionMapAnalysis", "DecisionMapSimulation", "DecisionMapEvaluation"]),
        .testTarget(
            name: "DecisionMapTests",
            dependencies: ["DecisionMap", "DecisionMapAnalysis", "DecisionMapSimulation", "dmap"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "DecisionMapEvaluationTests",
            dependencies: ["DecisionMap", "DecisionMapSimulation", "DecisionMapEvaluation", "dmap"]),
    ]
)
