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
                        let open = "    <testcase name=\"\(XML.attribute(c.id))\" classname=\"\(XML.attribute(classname))\" time=\"0\""
                        if c.passed {
                            cases += open + "/>\n"
                        } else {
                            counts.failures += 1
                            cases += open + ">\n      <failure message=\"\(XML.attribute(c.message))\" type=\"mismatch\">"
                                + XML.text(c.failureText(file: run.file)) + "</failure>\n    </testcase>\n"
                        }
                    case .rejected(let r):
                        counts.errors += 1
                        cases += "    <testcase name=\"row \(r.rowNumber)\" classname=\"\(XML.attribute(classname))\" time=\"0\">\n"
                            + "      <error message=\"\(XML.attribute(r.reason))\" type=\"unreadable-row\">"
                            + XML.text("\(run.file):\(r.line): row \(r.rowNumber) cannot be read: \(r.reason)") + "</error>\n    </testcase>\n"
                    }
                }
            case .failure(let error):
                counts.tests = 1
                counts.errors = 1
                cases += "    <testcase name=\"\(XML.attribute(result.file))\" classname=\"\(XML.attribute(classname))\" time=\"0\">\n"
                    + "      <error message=\"\(XML.attribute(error.message))\" type=\"cannot-run\">"
                    + XML.text(error.message + (error.help.map { "\nhelp: \($0)" } ?? "")) + "</error>\n    </testcase>\n"
            }
            totals.tests += counts.tests
            totals.failures += counts.failures
            totals.errors += counts.errors
            suites += "  <testsuite name=\"\(XML.attribute(result.map))\" tests=\"\(counts.tests)\" failures=\"\(counts.failures)\" "
                + "errors=\"\(counts.errors)\" skipped=\"0\" time=\"0\">\n" + cases + "  </testsuite>\n"
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"\(XML.attribute(name))\" tests=\"\(totals.tests)\" failures=\"\(totals.failures)\" "
            + "errors=\"\(totals.errors)\" time=\"0\">\n" + suites + "</testsuites>\n"
    }
}
