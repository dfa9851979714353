import DecisionMap
import DecisionMapSimulation

/// JUnit XML, the format CI systems (Jenkins, GitLab, GitHub Actions reporters, Azure DevOps)
/// read test results in: `testsuites` › `testsuite` (one per golden file) › `testcase` (one per
/// case), with a `failure` for a case that fails and an `error` for a row or file that cannot be
/// run. Every `time` is 0: a case routes in microseconds, and a fixed value keeps the file the same
/// from run to run.
public enum JUnitReport {
    /// - Parameters:
    ///   - results: the golden files, in the order they ran.
    ///   - name: the name of the whole run.
    /// - Returns: the XML document, UTF-8, ending in a line break.
    public static func xml(_ results: [GoldenResult], name: String = "dmap test") -> String {
        var suites = ""
        var totals = (tests: 0, failures: 0, errors: 0)
        for result in results {
            let classname = String(result.file.dropLast(result.file.hasSuffix(GoldenFile.suffix) ? GoldenFile.suffix.count : 0))
                .replacing("/", with: ".")
            var cases = ""
            var counts = (tests: 0, failures: 0, errors: 0)
            switch result.run {
            case .success(let run):
                for entry in run.entries {
                    counts.tests += 1
                    switch entry {
                    case .tested(let c):
                        let open = "    <testcase name=\"\(escape(c.id))\" classname=\"\(escape(classname))\" time=\"0\""
                        if c.passed {
                            cases += open + "/>\n"
                        } else {
                            counts.failures += 1
                            cases += open + ">\n      <failure message=\"\(escape(c.message))\" type=\"mismatch\">"
                                + escape(c.failureText(file: run.file), content: true) + "</failure>\n    </testcase>\n"
                        }
                    case .rejected(let r):
                        counts.errors += 1
                        cases += "    <testcase name=\"row \(r.rowNumber)\" classname=\"\(escape(classname))\" time=\"0\">\n"
                            + "      <error message=\"\(escape(r.reason))\" type=\"unreadable-row\">"
                            + escape("\(run.file):\(r.line): row \(r.rowNumber) cannot be read: \(r.reason)", content: true) + "</error>\n    </testcase>\n"
                    }
                }
            case .failure(let error):
                counts.tests = 1
                counts.errors = 1
                cases += "    <testcase name=\"\(escape(result.file))\" classname=\"\(escape(classname))\" time=\"0\">\n"
                    + "      <error message=\"\(escape(error.message))\" type=\"cannot-run\">"
                    + escape(error.message + (error.help.map { "\nhelp: \($0)" } ?? ""), content: true) + "</error>\n    </testcase>\n"
            }
            totals.tests += counts.tests
            totals.failures += counts.failures
            totals.errors += counts.errors
            suites += "  <testsuite name=\"\(escape(result.map))\" tests=\"\(counts.tests)\" failures=\"\(counts.failures)\" "
                + "errors=\"\(counts.errors)\" skipped=\"0\" time=\"0\">\n" + cases + "  </testsuite>\n"
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"\(escape(name))\" tests=\"\(totals.tests)\" failures=\"\(totals.failures)\" "
            + "errors=\"\(totals.errors)\" time=\"0\">\n" + suites + "</testsuites>\n"
    }

    /// Text for an attribute value (or, with `content`, element content): markup characters as
    /// entities; in attributes, line breaks and tabs as character references so they survive
    /// attribute normalisation; the control characters XML 1.0 cannot hold at all as U+FFFD.
    static func escape(_ text: String, content: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += content ? "\n" : "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += content ? "\t" : "&#9;"
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
