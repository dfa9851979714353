import DecisionMap
import DecisionMapSimulation

/// A golden file and what became of it: run, or impossible to run (the map has errors, the file
/// has no `expect_route` column, …), which counts as one failure.
public struct GoldenResult: Sendable {
    /// The map, as named to the user.
    public var map: String
    /// The golden file, as named to the user.
    public var file: String
    public var run: Result<GoldenRun, SimulationError>

    public init(map: String, file: String, run: Result<GoldenRun, SimulationError>) {
        self.map = map
        self.file = file
        self.run = run
    }

    public var passed: Int { (try? run.get())?.passed ?? 0 }
    public var failed: Int { (try? run.get())?.failed ?? 1 }
}

extension GoldenCase {
    /// The well-formed expectations that do not hold, one phrase each: `route: expected `a`, got `b``.
    public var mismatches: [String] {
        var out: [String] = []
        if !expectedRoute.isEmpty, expectedRoute != actualRouteCell, !problemColumns.contains(GoldenFile.routeColumn) {
            out.append("route: expected \(Self.route(expectedRoute)), got \(Self.route(actualRouteCell))")
        }
        if let o = expectedOutcome, !o.isEmpty, o != actualOutcomeCell, !problemColumns.contains(GoldenFile.outcomeColumn) {
            out.append("outcome: expected `\(o)`, got `\(actualOutcomeCell)`")
        }
        if let s = expectedSegment, !s.isEmpty, s != actualSegmentCell, !problemColumns.contains(GoldenFile.segmentColumn) {
            out.append("segment: expected \(Self.segment(s)), got \(Self.segment(actualSegmentCell))")
        }
        return out
    }

    /// One line for a CI summary: the problems with the file, then the mismatches.
    public var message: String { (problems + mismatches).joined(separator: "; ") }

    /// What `dmap test` prints for a failing case: where it is, the case, what was expected, what
    /// happened, and the trace of what happened.
    ///
    /// - Parameter file: the golden file's name.
    public func failureText(file: String) -> String {
        var out = "FAIL \(file):\(line): \(id) (row \(rowNumber))\n"
        func field(_ label: String, _ value: String) {
            out += "  " + (label + ":").padded(10) + value + "\n"
        }
        field("case", cells.map { "\($0.column)=\(Self.quoted($0.value))" }.joined(separator: " "))
        if let note { field("note", note) }
        var expected = [expectedRoute.isEmpty ? "route (empty)" : Self.phrase("route", expectedRoute)]
        if let o = expectedOutcome, !o.isEmpty { expected.append("outcome `\(o)`") }
        if let s = expectedSegment, !s.isEmpty { expected.append(Self.phrase("segment", s)) }
        field("expected", expected.joined(separator: ", "))
        var actual = [Self.phrase("route", actualRouteCell), "outcome `\(actualOutcomeCell)`", Self.phrase("segment", actualSegmentCell)]
        if let gap = self.actual.gap { actual.append("gap `\(gap.rawValue)`") }
        field("actual", actual.joined(separator: ", "))
        for problem in problems { field("error", problem) }
        out += "  why:\n" + TraceStep.text(self.actual.trace, indent: "    ")
        return out
    }

    /// `route `a`` or `no route`.
    static func phrase(_ what: String, _ cell: String) -> String {
        cell == GoldenFile.none ? "no \(what)" : "\(what) `\(cell)`"
    }

    static func route(_ cell: String) -> String { cell == GoldenFile.none ? "no route" : "`\(cell)`" }
    static func segment(_ cell: String) -> String { cell == GoldenFile.none ? "no segment" : "`\(cell)`" }

    /// A cell value as `column=value` shows it: quoted when it has spaces, quotes or `=`.
    static func quoted(_ value: String) -> String {
        guard value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\n" || $0 == "\r" || $0 == "\t" })
        else { return value }
        var out = "\""
        for c in value {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}

extension GoldenRun {
    /// What `dmap test` prints for a golden file: every failure, warnings, and a summary line
    /// (`FILE: 40 passed` or `FILE: 39 passed, 1 failed`).
    public func text() -> String {
        var out = ""
        for entry in entries {
            switch entry {
            case .tested(let c) where !c.passed:
                out += c.failureText(file: file)
            case .rejected(let r):
                out += "FAIL \(file):\(r.line): row \(r.rowNumber) cannot be read: \(r.reason)\n"
            default:
                break
            }
        }
        for warning in warnings { out += "\(file):1: warning: \(warning)\n" }
        return out + "\(file): \(passed) passed" + (failed > 0 ? ", \(failed) failed" : "") + "\n"
    }
}

extension GoldenResult {
    /// The failures and summary of one golden file; for a file that could not run, the reason.
    public func text() -> String {
        switch run {
        case .success(let run):
            return run.text()
        case .failure(let error):
            return "FAIL \(file): cannot run: \(error.message)\n" + (error.help.map { "  help: \($0)\n" } ?? "")
                + "\(file): 0 passed, 1 failed\n"
        }
    }
}

extension ExpectationChange {
    /// `FILE:LINE: ID (row N): expect_route `a` → `b``.
    public func text(file: String) -> String {
        "\(file):\(line): \(id) (row \(rowNumber)): \(column) \(old.isEmpty ? "(empty)" : "`\(old)`") → `\(new)`\n"
    }
}

extension String {
    func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
