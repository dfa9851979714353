import DecisionMap
import DecisionMapEvaluation
import XCTest

/// The structural diff: parts of a map matched by identity, with their lines in each version.
final class MapDiffTests: XCTestCase {
    func diff(_ old: String, _ new: String) throws -> [String] {
        MapDiff(old: try compile(old, name: "old.dmap").model, new: try compile(new, name: "new.dmap").model).changes.map { c in
            "\(c.kind.rawValue) \(c.name) \(c.oldLine.map(String.init) ?? "-")→\(c.newLine.map(String.init) ?? "-")"
                + (c.moved ? " moved" : "") + (c.kind == .changed ? ": \(c.oldText!) ⇒ \(c.newText!)" : "")
        }
    }

    func testAMapHasNoChangesAgainstItselfNorAgainstAReformattedCopy() throws {
        XCTAssertEqual(try diff(tinyMap, tinyMap), [])
        let reformatted = tinyMap
            .replacingOccurrences(of: "when kind is b and amount < 50 -> bot", with: "when kind is b   # small ones\n       and amount < 50.0 -> bot")
            .replacingOccurrences(of: "routes\n", with: "## Where work goes.\nroutes\n")
        XCTAssertEqual(try diff(tinyMap, reformatted), [])
    }

    func testEditsAreReportedByIdentityWithTheirLinesInEachVersion() throws {
        let new = tinyMap
            .replacingOccurrences(of: "version \"1\"", with: "version \"2\"")
            .replacingOccurrences(of: "high  risk high  when kind is a", with: "high  risk critical  when kind is a")
            .replacingOccurrences(of: "  check  team \"C\"    handle 6 min   sla 1h  owner \"Lead\"\n",
                                  with: "  check  team \"C\"    handle 6 min   sla 1h  owner \"Lead\"\n  desk   team \"D\"\n")
            .replacingOccurrences(of: "when kind is b and amount < 50 -> bot", with: "when kind is b and amount < 80 -> bot")
            .replacingOccurrences(of: "  when kind is b -> team\n", with: "  when kind is b -> team\n  when kind is c -> desk\n")
            .replacingOccurrences(of: "missing\n  amount -> check\n", with: "")
        XCTAssertEqual(try diff(tinyMap, new), [
            "changed map version 2→2: version \"1\" ⇒ version \"2\"",
            "changed segment `high` 7→7: high risk high when kind is a ⇒ high risk critical when kind is a",
            "added route `desk` -→13",
            "removed missing-data policy `amount` 14→-",
            "changed rule in `main` 17→16: when kind is b and amount < 50 -> bot ⇒ when kind is b and amount < 80 -> bot",
            "added rule in `main` -→18",
        ])
    }

    func testReorderingWhereOrderDecidesIsAMove() throws {
        let swapped = tinyMap.replacingOccurrences(
            of: "  when kind is b and amount < 50 -> bot\n  when kind is b -> team\n",
            with: "  when kind is b -> team\n  when kind is b and amount < 50 -> bot\n")
        XCTAssertEqual(try diff(tinyMap, swapped), ["moved rule in `main` 18→17"])
        // In a priority table, order does not decide, so the same swap is no change.
        let priority = tinyMap.replacingOccurrences(of: "(first)", with: "(priority)")
        XCTAssertEqual(try diff(priority, swapped.replacingOccurrences(of: "(first)", with: "(priority)")), [])
    }

    func testThresholdsMatchBySegmentsAndEscalationsByTargetAndCondition() throws {
        let base = tinyMap.replacingOccurrences(of: "  amount  number 0..100  optional\n",
                                                with: "  amount  number 0..100  optional\n  score   number 0..1\n") + """
            escalate
              to team when kind is a because "a first"
              to check when amount > 90
            uncertainty using score
              in high below 0.5 -> check
              otherwise below 0.2 -> check

            """
        let new = base
            .replacingOccurrences(of: "in high below 0.5", with: "in high below 0.6")
            .replacingOccurrences(of: "to team when kind is a because \"a first\"", with: "to team when kind is a because \"a, first\"")
            .replacingOccurrences(of: "to check when amount > 90", with: "to check when amount > 95")
        XCTAssertEqual(try diff(base, new), [
            "changed escalation to `team` 21→21: to team when kind is a because \"a first\" ⇒ to team when kind is a because \"a, first\"",
            "changed escalation to `check` 22→22: to check when amount > 90 ⇒ to check when amount > 95",
            "changed threshold `in high` 24→24: in high below 0.5 -> check ⇒ in high below 0.6 -> check",
        ])
    }
}
