@testable import DecisionMap

/// Turns canonical text into text a person might have written: sections in a random order, list
/// sections split in two, other indentation, extra spaces, items wrapped over several lines,
/// blank lines, and comments everywhere (on their own line at any indentation, after items, between
/// the lines of a wrapped item, at the end of sections and of the file, and stray `##` lines).
/// Every comment is numbered, so a test can check that formatting keeps each one.
struct Scrambler {
    var random: SeededGenerator
    private var counter = 0

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    private struct Block {
        var kind: String
        var headerDocs: [String]
        var header: String
        var items: [(docs: [String], line: String)]
    }

    mutating func scramble(_ canonical: String) -> String {
        var blocks = parse(canonical)
        // Shuffle, keeping the decision tables in their order (their order is part of the map).
        var order = Array(blocks.indices).shuffled(using: &random)
        let tables = blocks.indices.filter { blocks[$0].kind == "decide" }
        var next = tables.makeIterator()
        order = order.map { blocks[$0].kind == "decide" ? next.next()! : $0 }
        blocks = order.map { blocks[$0] }
        // Split some list sections in two; the second part goes somewhere after the first.
        let lists: Set = ["owners", "inputs", "conditions", "segments", "routes", "escalate", "inconsistent", "missing", "invalid"]
        var i = 0
        while i < blocks.count {
            if lists.contains(blocks[i].kind), blocks[i].items.count >= 2, random.chance(0.5) {
                let cut = random.int(1...blocks[i].items.count - 1)
                var second = blocks[i]
                second.headerDocs = []
                second.items = Array(blocks[i].items[cut...])
                blocks[i].items = Array(blocks[i].items[..<cut])
                blocks.insert(second, at: random.int(i + 1...blocks.count))
            }
            i += 1
        }
        var out: [String] = []
        if random.chance(0.5) { out += [comment(indent: ""), comment(indent: "")] + blanks(1...2) }
        for block in blocks {
            out += ownLineComments(indent: random.chance(0.5) ? "" : " ")
            out += block.headerDocs
            out.append(block.header + trailing())
            let indent = random.pick(["  ", " ", "    ", "\t", "   "])
            for item in block.items {
                if random.chance(0.15) { out += blanks(1...2) }
                out += ownLineComments(indent: indent)
                out += item.docs.map { indent + $0 }
                out += wrap(item.line, indent: indent)
            }
            if random.chance(0.3) { out.append(comment(indent: indent)) }
            out += blanks(random.chance(0.2) ? 0...0 : 1...2)
        }
        if random.chance(0.5) { out += [comment(indent: "")] }
        return out.joined(separator: "\n") + (random.chance(0.8) ? "\n" : "")
    }

    private func parse(_ canonical: String) -> [Block] {
        canonical.split(separator: "\n\n", omittingEmptySubsequences: true).map { text in
            let lines = text.split(separator: "\n").map(String.init)
            let headerIndex = lines.firstIndex { !$0.hasPrefix("##") && !$0.hasPrefix(" ") }!
            var block = Block(kind: String(lines[headerIndex].prefix { $0 != " " }), headerDocs: Array(lines[..<headerIndex]),
                              header: lines[headerIndex], items: [])
            var docs: [String] = []
            for line in lines[(headerIndex + 1)...] {
                let body = String(line.dropFirst(2))
                if body.hasPrefix("##") { docs.append(body) } else {
                    block.items.append((docs, body))
                    docs = []
                }
            }
            return block
        }
    }

    private mutating func comment(indent: String) -> String {
        counter += 1
        return indent + (random.chance(0.15) ? "## stray \(counter)" : "# comment \(counter)")
    }

    private mutating func trailing() -> String {
        guard random.chance(0.25) else { return "" }
        counter += 1
        return String(repeating: " ", count: random.int(1...3)) + "# trailing \(counter)"
    }

    private mutating func ownLineComments(indent: String) -> [String] {
        guard random.chance(0.3) else { return [] }
        var lines: [String] = []
        for _ in 0..<random.int(1...2) {
            lines.append(comment(indent: random.chance(0.7) ? indent : random.pick(["", "      "])))
            if random.chance(0.2) { lines.append("") }
        }
        return lines
    }

    private mutating func blanks(_ range: ClosedRange<Int>) -> [String] {
        [String](repeating: random.pick(["", "   "]), count: random.int(range))
    }

    /// The item on one or more lines: at each space between tokens, either a line break (with a
    /// deeper indentation, maybe a comment or blank line between) or one to three spaces.
    private mutating func wrap(_ line: String, indent: String) -> [String] {
        let lexer = Lexer(SourceFile(name: "", text: line))
        let tokens = lexer.lines.first?.tokens ?? []
        let bytes = Array(line.utf8)
        var lines: [String] = []
        var current = indent
        for (k, token) in tokens.enumerated() {
            if k > 0 {
                let gap = tokens[k - 1].range.end..<token.range.start
                if !gap.isEmpty {
                    if random.chance(0.12) {
                        lines.append(current + trailing())
                        if random.chance(0.2) { lines += ownLineComments(indent: indent + "  ") }
                        if random.chance(0.1) { lines.append("") }
                        current = indent + String(repeating: " ", count: random.int(1...6))
                    } else {
                        current += String(repeating: " ", count: random.chance(0.8) ? 1 : random.int(2...3))
                    }
                }
            }
            current += String(decoding: bytes[token.range.start..<token.range.end], as: UTF8.self)
        }
        lines.append(current + trailing())
        return lines
    }
}
