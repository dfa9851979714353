import DMapTestSupport
import Foundation
import XCTest

/// One exit-status rule for every command: 0 clean, 1 the answer is "not clean", 2 the command could
/// not do its job. Each command is run here into each status it can end in, and every help screen
/// says what the three mean for it.
final class ExitStatusTests: XCTestCase {
    private func status(_ arguments: [String], stdin: String? = nil, in folder: URL = repositoryFolder,
                        file: StaticString = #filePath, line: UInt = #line) throws -> Int32 {
        try runDmap(arguments, in: folder, stdin: stdin).status
    }

    private let triage = "decision-maps/customer-triage.dmap"
    private let incidents = "decision-maps/it-incidents.dmap"
    private let broken = "map \"t\"\nroutes\n  r automatic\n"

    private func scratch(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dmap-exit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return folder
    }

    func testCheck() throws {
        XCTAssertEqual(try status(["check", incidents]), 0)
        XCTAssertEqual(try status(["check", "-"], stdin: broken), 1, "errors in the map being checked are the answer")
        XCTAssertEqual(try status(["check", "no-such.dmap"]), 2)
    }

    func testRoute() throws {
        XCTAssertEqual(try status(["route", triage, "--cases", "decision-maps/customer-triage.cases.csv", "--case", "C-0002"]), 0)
        XCTAssertEqual(try status(["route", triage, "--cases", "decision-maps/customer-triage.cases.csv", "--case", "C-0006"]), 1)
        XCTAssertEqual(try status(["route", "-", "--set", "x=1"], stdin: broken), 2, "a map with errors")
        XCTAssertEqual(try status(["route", triage, "-"], stdin: "[1, 2]"), 2, "not a case")
    }

    func testLint() throws {
        XCTAssertEqual(try status(["lint", incidents]), 0)
        XCTAssertEqual(try status(["lint", triage]), 1)
        XCTAssertEqual(try status(["lint", "no-such.dmap"]), 2)
    }

    func testSimulate() throws {
        XCTAssertEqual(try status(["simulate", incidents, "--cases", "decision-maps/it-incidents.tests.csv"]), 0)
        XCTAssertEqual(try status(["simulate", triage, "--cases", "decision-maps/customer-triage.cases.csv"]), 1)
        XCTAssertEqual(try status(["simulate", triage, "--cases", "-"], stdin: "id,tier\nA,gold\n"), 2, "absent columns")
        XCTAssertEqual(try status(["simulate", incidents, "--cases", "-"],
                                  stdin: try String(contentsOfFile: repositoryFolder.appendingPathComponent("decision-maps/it-incidents.tests.csv").path,
                                                    encoding: .utf8).split(separator: "\n")[0] + "\n"), 2, "no cases")
        XCTAssertEqual(try status(["simulate", triage, "--cases", "no-such.csv"]), 2)
    }

    func testTest() throws {
        XCTAssertEqual(try status(["test", incidents]), 0)
        let folder = try scratch([
            "m.dmap": try String(contentsOfFile: repositoryFolder.appendingPathComponent(triage).path, encoding: .utf8),
            "m.tests.csv": "id,Channel,tier,category,confidence,amount,sentiment,prior_escalations,vip,subject,expect_route\n"
                + "X,email,gold,fraud,0.99,10,0,0,false,,auto_resolve\n",
        ])
        XCTAssertEqual(try status(["test", "m.dmap"], in: folder), 1)
        XCTAssertEqual(try status(["test", "decision-maps/README.md"]), 2)
    }

    func testDiff() throws {
        let cases = "decision-maps/customer-triage.cases.csv"
        XCTAssertEqual(try status(["diff", triage, triage, "--cases", cases, "--fail-on-change"]), 0)
        let text = try String(contentsOfFile: repositoryFolder.appendingPathComponent(triage).path, encoding: .utf8)
        let folder = try scratch(["new.dmap": text.replacing("below 0.70", with: "below 0.80")])
        XCTAssertEqual(try status(["diff", repositoryFolder.appendingPathComponent(triage).path, "new.dmap", "--cases",
                                   repositoryFolder.appendingPathComponent(cases).path, "--fail-on-change"], in: folder), 1)
        XCTAssertEqual(try status(["diff", triage, "-", "--cases", cases], stdin: broken), 2)
    }

    func testFmt() throws {
        XCTAssertEqual(try status(["fmt", "--check", triage]), 0)
        XCTAssertEqual(try status(["fmt", "--check", "-"], stdin: "map \"t\"\nroutes\n  r   automated\n"), 1)
        XCTAssertEqual(try status(["fmt", "-"], stdin: broken), 2)
    }

    func testCommandsWhoseAnswerCannotBeUnclean() throws {
        XCTAssertEqual(try status(["cases", "generate", triage, "--count", "3"]), 0)
        XCTAssertEqual(try status(["cases", "generate", "-", "--count", "3"], stdin: broken), 2)
        XCTAssertEqual(try status(["graph", triage]), 0)
        XCTAssertEqual(try status(["graph", "-"], stdin: broken), 2)
        XCTAssertEqual(try status(["bench", "route", triage, "--count", "10", "--distinct", "5"]), 0)
        XCTAssertEqual(try status(["bench", "walk", triage]), 2)
        XCTAssertEqual(try status(["help", "simulate"]), 0)
        XCTAssertEqual(try status(["help", "simulat"]), 2)
        XCTAssertEqual(try status(["--version"]), 0)
        XCTAssertEqual(try status([]), 2)
    }

    func testEveryHelpScreenSaysWhatEachStatusMeans() throws {
        let overview = try runDmap(["--help"]).out
        let commands = overview.components(separatedBy: "COMMANDS:\n")[1].components(separatedBy: "\n\n")[0]
            .split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
                return line.dropFirst(2).components(separatedBy: "  ")[0]
            }
        XCTAssertGreaterThanOrEqual(commands.count, 12)
        for command in commands {
            let help = try runDmap(["help"] + command.split(separator: " ").map(String.init))
            XCTAssertEqual(help.status, 0, command)
            XCTAssertTrue(help.out.contains("\nEXIT STATUS:\n  0  "), command)
            XCTAssertTrue(help.out.contains("\n  2  "), command)
        }
    }
}
